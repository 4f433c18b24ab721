"""The running totals keyed ballots keep (CountingTotals, OperatorTotals) always equal a count of
every entry from scratch: after any sequence of keyings, corrections, disagreements, tie-breaks,
invalid readings and refused keys. The counting page reads them; closing counts every entry."""

import importlib
import itertools

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.tests.factories import RoleFactory, UserFactory
from elections.models import BallotEntry, CountingMode, CountingTotals, ElectionKind, InvalidReason, OperatorTotals
from elections.selectors.counting import (
    all_reasons, ballot_candidates, ballot_states, ballots_count, counting_state, reader_for, stored_count,
)
from elections.services.counting import ballot_key, counting_totals_rebuild, election_close

from .builders_counting import key_all, voting_election

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

NAMES = ("Lê Văn Cường", "Nguyễn Văn An", "Phạm Thị Dung", "Trần Thị Bình")  # positions 1..4, 3 seats
SERIALS = 5
REASONS = ("none", "too_many", "other", "retired")  # "retired" is not in use: keying it is refused

# Mostly a few readings, so that operators often agree (and "0" and "1 2 3 4" read as the
# reasons "too_many" and "none" do), sometimes any.
common = st.sampled_from([
    ("struck", frozenset({1})), ("struck", frozenset({2})), ("struck", frozenset()),
    ("struck", frozenset({1, 2, 3, 4})), ("reason", "none"), ("reason", "too_many"), ("reason", "other"),
])
readings = st.one_of(
    common, common, common,
    st.frozensets(st.integers(1, len(NAMES))).map(lambda struck: ("struck", struck)),
    st.sampled_from(REASONS).map(lambda reason: ("reason", reason)),
)
# (operator 0..3, serial, reading): a fourth operator, a third on an agreed ballot and an
# inactive reason are refused; keying a serial again corrects; a third operator breaks ties.
steps = st.lists(st.tuples(st.integers(0, 3), st.integers(1, SERIALS), readings), min_size=1, max_size=30)
ROUNDS = itertools.count(1)


@pytest.fixture
def operators(branch_a, branch_clerk, superior_clerk):
    others = [UserFactory(username=f"operator{n}") for n in (3, 4)]
    for user in others:
        RoleFactory(user=user, organization=branch_a, kind="clerk")
    return [branch_clerk, superior_clerk, *others]


@pytest.fixture
def reasons():
    return {
        "none": InvalidReason.objects.get(code="none"),
        "too_many": InvalidReason.objects.get(code="too_many"),
        "other": InvalidReason.objects.create(name="Ghi thêm tên"),
        "retired": InvalidReason.objects.create(name="Đã bỏ", is_active=False),
    }


def recounted(election):
    reader = reader_for(election, ballot_candidates(election), all_reasons())
    return ballots_count(ballot_states(election, reader))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_running_totals_equal_a_count_from_scratch_after_every_key(congress_a, branch_clerk, operators, reasons, steps):
    # One election per example at the same congress: rounds keep them apart (the fixtures are
    # not reset between examples, and totals are per election).
    election = voting_election(congress=congress_a, created_by=branch_clerk, kind=ElectionKind.OFFICIAL_DELEGATES,
                               seats=3, names=NAMES, ballots_issued=SERIALS, summoned=SERIALS, present=SERIALS,
                               round=next(ROUNDS))
    def key(user, serial, kind, value):
        try:
            if kind == "struck":
                ballot_key(acting_user=user, election=election, serial=serial, struck=sorted(value))
            else:
                ballot_key(acting_user=user, election=election, serial=serial, struck=[], invalid_reason=reasons[value])
        except ValidationError:
            pass  # refused: nothing written, the totals unchanged
        full = recounted(election)
        assert stored_count(election) == full
        state = counting_state(election, user.pk)
        assert (state.agreed, state.keyed_once, state.in_disagreement) == (full.agreed, full.once, full.in_disagreement)
        assert [b.serial for b in state.disagreements] == sorted(full.split)
        if full.operators.get(user.pk):
            assert {line.candidate.position: line.mine for line in state.lines} == {
                p: full.operators[user.pk].votes.get(p, 0) for p in range(1, len(NAMES) + 1)
            }

    for operator, serial, (kind, value) in steps:
        key(operators[operator], serial, kind, value)
    # Then settle every ballot: two of the operators who keyed it (or one and another) key the
    # same reading, correcting theirs where they had keyed it, and the election closes.
    for serial, entry_operators in _operators_by_serial(election).items():
        settling = (entry_operators + [u.pk for u in operators[:3] if u.pk not in entry_operators])[:2]
        for pk in settling:
            key(next(u for u in operators if u.pk == pk), serial, "struck", frozenset({serial % 4 + 1}))
    state = counting_state(election)
    if not state.agreed:  # every key was refused
        with pytest.raises(ValidationError, match="No ballot"):
            election_close(acting_user=branch_clerk, election=election)
        return
    assert state.everything_agrees
    # The preview the page shows from the totals is the result closing counts from the entries.
    preview = state.tally
    result = election_close(acting_user=branch_clerk, election=election)
    assert (preview.valid, preview.results, preview.elected) == (result.valid, result.results, result.elected)
    assert stored_count(election) == recounted(election)


def _operators_by_serial(election) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for serial, operator_id in BallotEntry.objects.filter(ballot__election=election).order_by(
            "ballot__serial", "keyed_at", "pk").values_list("ballot__serial", "operator_id"):
        found.setdefault(serial, []).append(operator_id)
    return found


def test_entries_written_straight_to_the_tables_are_counted_by_a_rebuild(congress_a, branch_clerk, superior_clerk):
    election = voting_election(congress=congress_a, created_by=branch_clerk)
    key_all(election, branch_clerk, {1: [1], 2: [], 3: [2]})
    key_all(election, superior_clerk, {1: [1], 2: [], 3: [3]})  # key_all rebuilds the totals
    count = stored_count(election)
    too_many = InvalidReason.objects.get(code="too_many").pk
    assert (count.agreed, count.valid, dict(count.invalid), sorted(count.split)) == (2, 1, {too_many: 1}, [3])
    assert count == recounted(election)
    CountingTotals.objects.filter(election=election).update(agreed=0)
    counting_totals_rebuild(election=election)
    assert stored_count(election) == count


def test_the_migration_backfills_the_totals_of_elections_keyed_before(congress_a, branch_clerk, superior_clerk):
    election = voting_election(congress=congress_a, created_by=branch_clerk)
    for serial, struck in {1: [1], 2: [1, 2, 3, 4], 3: [2]}.items():
        ballot_key(acting_user=branch_clerk, election=election, serial=serial, struck=struck)
    ballot_key(acting_user=superior_clerk, election=election, serial=1, struck=[1])
    ballot_key(acting_user=superior_clerk, election=election, serial=3, struck=[4])
    kept = stored_count(election)
    CountingTotals.objects.all().delete()
    OperatorTotals.objects.all().delete()
    importlib.import_module("elections.migrations.0006_running_totals_backfill").backfill(django_apps, None)
    assert stored_count(election) == kept == recounted(election)


def test_totals_mode_keeps_no_running_totals(congress_a, branch_clerk):
    election = voting_election(congress=congress_a, created_by=branch_clerk, counting_mode=CountingMode.TOTALS)
    with pytest.raises(ValidationError, match="counted by hand"):
        ballot_key(acting_user=branch_clerk, election=election, serial=1, struck=[])
    assert not CountingTotals.objects.filter(election=election).exists()


def test_closing_counts_every_entry_and_mends_totals_that_drifted(congress_a, branch_clerk, superior_clerk, caplog):
    election = voting_election(congress=congress_a, created_by=branch_clerk, kind=ElectionKind.OFFICIAL_DELEGATES)
    for user in (branch_clerk, superior_clerk):
        for serial in (1, 2):
            ballot_key(acting_user=user, election=election, serial=serial, struck=[4])
    CountingTotals.objects.filter(election=election).update(valid=7)  # as if written past ballot_key
    tally = election_close(acting_user=branch_clerk, election=election)
    assert tally.valid == 2 and "differed from a count of its entries" in caplog.text
    assert stored_count(election) == recounted(election)


def test_recoding_a_reason_the_rules_recognise_counts_open_elections_again(
        client, congress_a, branch_clerk, superior_clerk, django_capture_on_commit_callbacks):
    election = voting_election(congress=congress_a, created_by=branch_clerk)
    for user in (branch_clerk, superior_clerk):
        ballot_key(acting_user=user, election=election, serial=1, struck=[])  # 4 names for 3 seats: too many
    too_many = InvalidReason.objects.get(code="too_many")
    assert dict(stored_count(election).invalid) == {too_many.pk: 1}
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/elections/invalidreason/{too_many.pk}/change/", {
            "code": "", "name": too_many.name, "is_confirmed": "on", "is_active": "on", "order": too_many.order,
        })
    assert response.status_code == 302
    assert dict(stored_count(election).invalid) == {"too_many": 1} and stored_count(election) == recounted(election)
