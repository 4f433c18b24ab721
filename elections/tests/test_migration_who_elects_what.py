"""Migration 0007_who_elects_what keeps what existing congresses meant (docs/domain.md §3.3, §3.6):
the direct election of the secretary, a flag of the round's plan until then, becomes each personnel
plan's own choice with the same value, and the reasons a ballot is invalid gain "no seal of the
convening committee" and "marked both or neither", unconfirmed. Run on a scratch database,
forwards and back."""

import datetime

from branches.tests.scratch_migrations import scratch_database

BEFORE = ("elections", "0006_running_totals_backfill")
AFTER = ("elections", "0007_who_elects_what")


def _round_with_plans(apps) -> None:
    def model(label):
        return apps.get_model(*label.split("."))

    user = model("branches.User").objects.create(username="vanphong")
    province = model("branches.Organization").objects.create(
        path="0001", depth=1, numchild=2, name="Đảng bộ Khối", kind="superior", short_name="ĐUK",
        place_name="Lạng Sơn",
    )
    term = model("branches.Term").objects.create(start_year=2025, end_year=2030, regulation="190-2024")
    for index, (name, direct) in enumerate((("Đảng bộ Sở A", True), ("Đảng bộ Sở B", False)), start=1):
        committee = model("branches.Organization").objects.create(
            path=f"0001000{index}", depth=2, numchild=0, name=name, kind="grassroots_committee", short_name="ĐU",
            place_name="Lạng Sơn",
        )
        document = model("documents.Document").objects.create(
            issuer=province, doc_type="KH", subject=f"Kế hoạch {index}", term=term, place="Lạng Sơn", created_by=user,
        )
        plan = model("congress.Plan").objects.create(
            organization=province, term=term, document=document, congresses_held_by=datetime.date(2025, 7, 20),
            created_by=user, elects_secretary_directly=direct,
        )
        congress = model("congress.Congress").objects.create(
            plan=plan, organization=committee, ordinal=1, kind="members", state="reviewed",
        )
        model("elections.PersonnelPlan").objects.create(congress=congress, committee_size=9, created_by=user)


def test_each_personnel_plan_takes_its_rounds_choice_and_the_reasons_are_added(tmp_path, django_db_blocker):
    """docs/domain.md §3.3 (the choice per congress), §3.6 (the unconfirmed reasons)."""
    with scratch_database(tmp_path / "scratch.sqlite3", django_db_blocker) as scratch:
        _round_with_plans(scratch.migrate_to(*BEFORE))

        apps = scratch.migrate_to(*AFTER)
        plans = dict(apps.get_model("elections", "PersonnelPlan").objects.values_list(
            "congress__organization__name", "elects_secretary_directly",
        ))
        assert plans == {"Đảng bộ Sở A": True, "Đảng bộ Sở B": False}
        reasons = apps.get_model("elections", "InvalidReason").objects
        added = dict(reasons.filter(code__in=["no_seal", "unclear_mark"]).values_list("code", "is_confirmed"))
        assert added == {"no_seal": False, "unclear_mark": False}
        assert reasons.count() == 7

        apps = scratch.migrate_to(*BEFORE)
        assert apps.get_model("elections", "InvalidReason").objects.count() == 5
