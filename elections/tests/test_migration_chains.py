"""Migrations branches 0007_audit_seals and elections 0009_entry_log_chain seal the rows written
before them: the audit trail in the order it was written, each election's entry log in the order
it prints. Run on a scratch database; verify_audit then finds every chain whole."""

import datetime
import io

from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor

from branches.tests.scratch_migrations import scratch_database

BEFORE = [("elections", "0008_count_times"), ("branches", "0006_user_signing_position"), ("auditlog", "0017_add_actor_email")]
AFTER = [("elections", "0009_entry_log_chain")]


def _rows_before(apps) -> tuple[int, int]:
    def model(label):
        return apps.get_model(*label.split("."))

    user = model("branches.User").objects.create(username="vanphong")
    province = model("branches.Organization").objects.create(
        path="0001", depth=1, numchild=0, name="Đảng bộ Khối", kind="superior", short_name="ĐUK", place_name="Lạng Sơn",
    )
    term = model("branches.Term").objects.create(start_year=2025, end_year=2030, regulation="190-2024")
    document = model("documents.Document").objects.create(
        issuer=province, doc_type="KH", subject="Kế hoạch", term=term, place="Lạng Sơn", created_by=user,
    )
    plan = model("congress.Plan").objects.create(
        organization=province, term=term, document=document, congresses_held_by=datetime.date(2025, 7, 20),
        created_by=user,
    )
    congress = model("congress.Congress").objects.create(
        plan=plan, organization=province, ordinal=1, kind="members", state="reviewed",
    )
    elections = [
        model("elections.Election").objects.create(congress=congress, kind=kind, seats=1, created_by=user)
        for kind in ("committee", "secretary")
    ]
    for election in elections:
        for serial in (2, 1, 3):
            model("elections.EntryLogLine").objects.create(
                election=election, serial=serial, operator=user, action="keyed", reading="1",
            )
    content_type, _ = model("contenttypes.ContentType").objects.get_or_create(app_label="branches", model="organization")
    for n in range(3):
        model("auditlog.LogEntry").objects.create(
            content_type=content_type, object_pk=str(province.pk), object_id=province.pk, object_repr=f"Đảng bộ {n}",
            action=1, changes={"name": ["a", "b"]}, actor=user, additional_data={"action": "test"},
        )
    return congress.pk, elections[0].pk


def test_rows_written_before_are_sealed_and_verify(tmp_path, django_db_blocker):
    with scratch_database(tmp_path / "scratch.sqlite3", django_db_blocker) as scratch:
        executor = MigrationExecutor(scratch.connection)
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        congress, election = _rows_before(executor.loader.project_state(BEFORE).apps)

        executor = MigrationExecutor(scratch.connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # to the end, as a deployment would
        executor.loader.build_graph()
        apps = executor.loader.project_state(AFTER).apps
        seals = list(apps.get_model("branches", "AuditSeal").objects.order_by("position")
                     .values_list("position", "log_entry_id"))
        assert seals == [(1, 1), (2, 2), (3, 3)]
        lines = apps.get_model("elections", "EntryLogLine").objects.filter(election_id=election).order_by("position")
        assert [line.serial for line in lines] == [2, 1, 3]  # in the order they were written

        out = io.StringIO()
        call_command("verify_audit", stdout=out, stderr=io.StringIO())
        assert "OK      audit trail: 3 rows" in out.getvalue()
        assert "All 3 chains are whole." in out.getvalue()
        out = io.StringIO()
        call_command("verify_audit", "--congress", str(congress), stdout=out, stderr=io.StringIO())
        assert f"OK      entry log of election {election} (congress {congress}, committee, round 1): 3 rows" in out.getvalue()
