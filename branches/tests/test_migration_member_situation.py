"""Migration 0004_member_situation splits a member's one status into official or probationary and
a situation (docs/domain.md §1.4), keeping each existing member's meaning: exempt, temporarily
transferred and suspended members were official members in that situation. Run on rows of a
scratch database that still has the old column, forwards and back."""

import datetime

from branches import rules

from .scratch_migrations import scratch_database

OLD_STATUSES = ["official", "probationary", "exempt", "transferred_temporarily", "suspended"]


def _old_members(apps) -> None:
    Organization = apps.get_model("branches", "Organization")
    Member = apps.get_model("branches", "Member")
    branch = Organization.objects.create(
        path="0001", depth=1, numchild=0, name="Chi bộ TDP Hoàng Trinh", kind="branch", short_name="CB",
        place_name="Kỳ Trinh",
    )
    for index, status in enumerate(OLD_STATUSES):
        Member.objects.create(
            organization=branch, full_name=f"Đảng viên {status}", gender="male",
            date_of_birth=datetime.date(1970, 1, 1), joined_on=datetime.date(1995, 1, index + 1),
            official_on=None if status == "probationary" else datetime.date(1996, 1, 1), status=status,
            search_name=status, sort_key=status,
        )


def test_every_old_status_becomes_the_two_facts_it_meant_and_back(tmp_path, django_db_blocker):
    with scratch_database(tmp_path / "scratch.sqlite3", django_db_blocker) as scratch:
        _old_members(scratch.migrate_to("branches", "0003_term_regulation"))

        apps = scratch.migrate_to("branches", "0004_member_situation")
        Member = apps.get_model("branches", "Member")
        facts = {name: (membership, situation) for name, membership, situation in
                 Member.objects.values_list("full_name", "membership", "situation")}
        assert facts == {
            "Đảng viên official": ("official", "none"),
            "Đảng viên probationary": ("probationary", "none"),
            "Đảng viên exempt": ("official", "exempt"),
            "Đảng viên transferred_temporarily": ("official", "transferred_temporarily"),
            "Đảng viên suspended": ("official", "suspended"),
        }
        # The migration's own table is the rule's (branches.rules.STATUS_SPLIT).
        assert facts == {f"Đảng viên {status}": rules.split_status(status) for status in OLD_STATUSES}

        # A probationary member temporarily elsewhere, which only the new fields can say, goes back
        # to "probationary"; everything else to its old status.
        Member.objects.create(
            organization_id=Member.objects.values_list("organization_id", flat=True).first(),
            full_name="Dự bị nơi khác", gender="female", date_of_birth=datetime.date(2000, 1, 1),
            joined_on=datetime.date(2025, 1, 1), membership="probationary", situation="transferred_temporarily",
            search_name="du bi", sort_key="du bi",
        )
        apps = scratch.migrate_to("branches", "0003_term_regulation")
        Member = apps.get_model("branches", "Member")
        back = dict(Member.objects.values_list("full_name", "status"))
        assert back == {**{f"Đảng viên {status}": status for status in OLD_STATUSES}, "Dự bị nơi khác": "probationary"}
