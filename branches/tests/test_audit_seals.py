"""The audit trail is a hash chain (branches.seals): every audit row is sealed in the transaction
that writes it, and verify_audit finds a row edited, deleted, inserted or moved."""

import io

import pytest
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches import chain
from branches.audit import audited
from branches.models import AuditSeal, ChainHead, Member
from branches.seals import AUDIT_TRAIL, LOG_ENTRY_FIELDS, audit_trail_chains, log_entries_written
from branches.services.members import member_update
from branches.tests.factories import MemberFactory, UserFactory


def verify(congress=None):
    """verify_audit's output and exit code."""
    out = io.StringIO()
    args = ["--congress", str(congress)] if congress else []
    try:
        call_command("verify_audit", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


def trail_break():
    (trail,) = audit_trail_chains(None)
    return chain.first_break(trail.links, head=trail.head, unsealed=trail.unsealed)


def unsealed_row(**fields):
    """An audit row written straight into the table (bulk_create sends no signal)."""
    content_type = ContentType.objects.get_for_model(Member)
    (entry,) = LogEntry.objects.bulk_create([
        LogEntry(content_type=content_type, object_pk="1", object_id=1, object_repr="chèn", action=0, **fields),
    ])
    return entry


@pytest.fixture
def written(db, branch_a):
    """Five members created under one actor, after the fixtures' own rows: the last five audit
    rows of the trail."""
    user = UserFactory(username="clerk")
    with audited(user, "test.created"):
        for n in range(5):
            MemberFactory(organization=branch_a, full_name=f"Người {n}")
    return list(LogEntry.objects.select_related("seal").order_by("-pk")[:5])[::-1]


def test_every_audit_row_is_sealed_in_order_and_the_chain_is_whole(written):
    entries = list(LogEntry.objects.order_by("pk"))
    seals = list(AuditSeal.objects.order_by("position"))
    assert [s.log_entry_id for s in seals] == [e.pk for e in entries]
    assert [s.position for s in seals] == list(range(1, len(entries) + 1))
    assert seals[0].previous_hash == chain.GENESIS
    assert all(later.previous_hash == earlier.hash for earlier, later in zip(seals, seals[1:]))
    assert ChainHead.objects.get(name=AUDIT_TRAIL).hash == seals[-1].hash
    assert trail_break() is None


def test_a_service_seals_its_rows_in_its_own_transaction(written, branch_a):
    user = UserFactory(username="editor")
    member = Member.objects.get(pk=written[0].object_id)
    before = AuditSeal.objects.count()
    member_update(acting_user=user, member=member, occupation="Giáo viên")
    entry = LogEntry.objects.latest("pk")
    assert entry.additional_data["action"] == "branches.member.updated"
    assert entry.seal.position == before + 1
    assert trail_break() is None


def test_rows_outside_an_audited_block_are_sealed_at_once(db, branch_a):
    MemberFactory(organization=branch_a)
    assert AuditSeal.objects.filter(log_entry=LogEntry.objects.latest("pk")).exists()
    assert AuditSeal.objects.count() == LogEntry.objects.count()


def test_nested_blocks_seal_once_when_the_outermost_ends(db, branch_a):
    user = UserFactory()
    before = AuditSeal.objects.count()
    with audited(user, "test.outer"):
        MemberFactory(organization=branch_a)
        with audited(user, "test.inner"):
            MemberFactory(organization=branch_a)
        assert AuditSeal.objects.count() == before  # the chain's lock is taken at the end
    assert AuditSeal.objects.count() == LogEntry.objects.count() == before + 2
    assert trail_break() is None


def test_a_failed_transaction_leaves_neither_rows_nor_seals(db, branch_a):
    user = UserFactory()
    before = AuditSeal.objects.count()
    with pytest.raises(ValidationError), transaction.atomic(), audited(user, "test.failing"):
        MemberFactory(organization=branch_a)
        raise ValidationError("no")
    assert AuditSeal.objects.count() == LogEntry.objects.count() == before
    assert ChainHead.objects.get(name=AUDIT_TRAIL).position == before
    assert trail_break() is None


def test_rows_committed_before_a_failure_outside_a_transaction_are_sealed(db, branch_a):
    user = UserFactory()
    before = AuditSeal.objects.count()
    with pytest.raises(RuntimeError), audited(user, "test.failing"):
        MemberFactory(organization=branch_a)
        raise RuntimeError("after the write")
    assert AuditSeal.objects.count() == LogEntry.objects.count() == before + 1


def test_rows_written_in_bulk_are_sealed_by_their_writer(db, branch_a):
    written = [unsealed_row() for _ in range(3)]
    assert trail_break().kind == chain.INSERTED  # not sealed yet: as if slipped in
    log_entries_written(entry.pk for entry in written)
    assert AuditSeal.objects.count() == LogEntry.objects.count() and trail_break() is None


def test_verify_passes_on_a_whole_chain_and_prints_the_last_seal(written):
    out, code = verify()
    head = ChainHead.objects.get(name=AUDIT_TRAIL)
    assert code == 0
    assert f"OK      audit trail: {LogEntry.objects.count()} rows, last seal {head.hash}" in out
    assert "All 1 chains are whole." in out


def test_verify_passes_on_an_empty_database(db):
    out, code = verify()
    assert code == 0 and "audit trail: 0 rows" in out


FIELDS = {
    "object_repr": "Người khác", "changes": {"full_name": ["a", "b"]}, "timestamp": "2020-01-01T00:00:00Z",
    "actor_id": None, "additional_data": {"action": "test.other"}, "action": 2, "object_pk": "999", "cid": "x",
    "remote_addr": "10.0.0.9",
}


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_editing_any_field_of_a_row_is_found(written, field):
    row = written[2]
    LogEntry.objects.filter(pk=row.pk).update(**{field: FIELDS[field]})
    out, code = verify()
    assert code == 1
    assert f"BROKEN  audit trail: a row was edited at position {row.seal.position}, log entry {row.pk}" in out


def test_deleting_a_row_is_found(written):
    written[1].delete()  # its seal goes with it
    out, code = verify()
    gone = written[1].seal.position
    assert code == 1
    assert f"a row was deleted at position {gone}, log entry {written[2].pk}: positions {gone}–{gone} are missing" in out


def test_deleting_the_last_rows_is_found_by_the_head(written):
    LogEntry.objects.filter(pk__in=[e.pk for e in written[-2:]]).delete()
    out, code = verify()
    assert code == 1 and f"a row was deleted at position {written[-2].seal.position}, the end of the chain" in out


def test_inserting_a_row_without_a_seal_is_found(written, branch_a):
    with disable_auditlog():
        MemberFactory(organization=branch_a)  # audit off: writes no row, so nothing to seal
    assert verify()[1] == 0
    entry = unsealed_row()
    out, code = verify()
    assert code == 1 and f"a row was inserted outside the chain, log entry {entry.pk}: it carries no seal" in out


def test_inserting_a_sealed_row_in_the_middle_is_found(written):
    # A forger who knows the recipe makes room after the third row, seals a new row there.
    at = written[2].seal.position + 1
    for seal in AuditSeal.objects.filter(position__gte=at).order_by("-position"):
        AuditSeal.objects.filter(pk=seal.pk).update(position=seal.position + 1)
    entry = unsealed_row()
    content = LogEntry.objects.filter(pk=entry.pk).values(*LOG_ENTRY_FIELDS).get()
    previous = written[2].seal.hash
    AuditSeal.objects.create(log_entry=entry, position=at, previous_hash=previous,
                             hash=chain.link_hash(previous, at, content))
    head = ChainHead.objects.get(name=AUDIT_TRAIL)
    ChainHead.objects.filter(pk=head.pk).update(position=head.position + 1)
    out, code = verify()
    assert code == 1
    assert f"a row was inserted at position {at + 1}, log entry {written[3].pk}" in out


def test_swapping_two_rows_is_found(written):
    first, second = written[1].seal, written[2].seal
    AuditSeal.objects.filter(pk=first.pk).update(position=100)
    AuditSeal.objects.filter(pk=second.pk).update(position=first.position)
    AuditSeal.objects.filter(pk=first.pk).update(position=second.position)
    out, code = verify()
    assert code == 1 and f"rows were reordered at position {first.position}, log entry {written[2].pk}" in out


def test_swapping_two_rows_contents_is_found(written):
    a, b = written[1], written[2]
    LogEntry.objects.filter(pk=a.pk).update(object_repr=b.object_repr)
    LogEntry.objects.filter(pk=b.pk).update(object_repr=a.object_repr)
    out, code = verify()
    assert code == 1 and f"a row was edited at position {a.seal.position}" in out


OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["write", "edit", "delete", "nested"]), st.integers(0, 50)), min_size=1, max_size=6,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_sequence_of_writes_stays_whole_until_a_row_is_touched(db, branch_a, operations):
    LogEntry.objects.all().delete()
    ChainHead.objects.all().delete()
    user = UserFactory()
    tampered = False
    for operation, n in operations:
        entries = list(LogEntry.objects.order_by("pk").values_list("pk", flat=True))
        if operation == "write":
            MemberFactory(organization=branch_a)
        elif operation == "nested":
            with transaction.atomic(), audited(user, "test.outer"):
                MemberFactory(organization=branch_a)
                with audited(user, "test.inner"):
                    MemberFactory(organization=branch_a)
        elif entries and operation == "edit":
            LogEntry.objects.filter(pk=entries[n % len(entries)]).update(object_repr=f"sửa {n}")
            tampered = True
        elif entries and operation == "delete":
            LogEntry.objects.filter(pk=entries[n % len(entries)]).delete()
            tampered = True
    assert (trail_break() is not None) == tampered
