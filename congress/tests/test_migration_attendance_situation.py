"""Migration 0005_attendance_situation_congress_kind gives each row of a summons list the two facts
its old status meant (docs/domain.md §1.4), as branches' 0004_member_situation does for members,
and keeps every congress's kind. Run on rows of a scratch database that still has the old column,
forwards and back."""

import datetime

from branches.tests.scratch_migrations import scratch_database

OLD_STATUSES = ["official", "probationary", "exempt", "transferred_temporarily", "suspended"]
BEFORE = ("congress", "0004_attendance_delegates")
AFTER = ("congress", "0005_attendance_situation_congress_kind")


def _old_summons_list(apps) -> None:
    def model(label):
        return apps.get_model(*label.split("."))

    user = model("branches.User").objects.create(username="vanphong")
    committee = model("branches.Organization").objects.create(
        path="0001", depth=1, numchild=1, name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU",
        place_name="Kỳ Trinh",
    )
    branch = model("branches.Organization").objects.create(
        path="00010001", depth=2, numchild=0, name="Chi bộ TDP Hoàng Trinh", kind="branch", short_name="CB",
        place_name="Kỳ Trinh",
    )
    term = model("branches.Term").objects.create(start_year=2022, end_year=2025, regulation="244-2014")
    document = model("documents.Document").objects.create(
        issuer=committee, doc_type="KH", subject="Kế hoạch", term=term, place="Kỳ Trinh", created_by=user,
    )
    plan = model("congress.Plan").objects.create(
        organization=committee, term=term, document=document, congresses_held_by=datetime.date(2022, 7, 20),
        created_by=user,
    )
    congress = model("congress.Congress").objects.create(
        plan=plan, organization=branch, ordinal=2, kind="members", state="reviewed",
    )
    for index, status in enumerate(OLD_STATUSES):
        member = model("branches.Member").objects.create(
            organization=branch, full_name=f"Đảng viên {status}", gender="male",
            date_of_birth=datetime.date(1970, 1, 1), joined_on=datetime.date(1995, 1, index + 1), status=status,
            search_name=status, sort_key=status,
        )
        model("congress.Attendance").objects.create(
            congress=congress, member=member, status=status, present=index % 2 == 0,
        )


def test_every_row_keeps_the_meaning_of_its_status_and_the_kind_is_kept(tmp_path, django_db_blocker):
    with scratch_database(tmp_path / "scratch.sqlite3", django_db_blocker) as scratch:
        _old_summons_list(scratch.migrate_to(*BEFORE))

        apps = scratch.migrate_to(*AFTER)
        Attendance = apps.get_model("congress", "Attendance")
        rows = {
            name: (membership, situation, present) for name, membership, situation, present in
            Attendance.objects.values_list("member__full_name", "membership", "situation", "present")
        }
        assert rows == {
            "Đảng viên official": ("official", "none", True),
            "Đảng viên probationary": ("probationary", "none", False),
            "Đảng viên exempt": ("official", "exempt", True),
            "Đảng viên transferred_temporarily": ("official", "transferred_temporarily", False),
            "Đảng viên suspended": ("official", "suspended", True),
        }
        assert list(apps.get_model("congress", "Congress").objects.values_list("kind", flat=True)) == ["members"]

        apps = scratch.migrate_to(*BEFORE)
        Attendance = apps.get_model("congress", "Attendance")
        back = dict(Attendance.objects.values_list("member__full_name", "status"))
        assert back == {f"Đảng viên {status}": status for status in OLD_STATUSES}
