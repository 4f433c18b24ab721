"""Each election's ballot entry log is a hash chain (elections.entry_log_chain): keying seals each
line, verify_audit --congress verifies the logs filed in a congress's dossier, and the printed
log carries its last seal."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from branches import chain
from branches.models import ChainHead
from elections.entry_log_chain import chain_name, entry_log_chains, entry_log_final_hash
from elections.minutes import entry_log_html
from elections.models import EntryLogLine
from elections.services.counting import ballot_key
from elections.services.minutes import entry_log_facts

from .builders_counting import voting_election

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


def verify(*args):
    out = io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


@pytest.fixture
def election(congress_a, branch_clerk, superior_clerk):
    election = voting_election(congress=congress_a, created_by=branch_clerk)
    for serial, struck in [(1, [4]), (2, [1]), (3, []), (4, [2, 3])]:
        ballot_key(acting_user=branch_clerk, election=election, serial=serial, struck=struck)
        ballot_key(acting_user=superior_clerk, election=election, serial=serial, struck=struck)
    ballot_key(acting_user=branch_clerk, election=election, serial=2, struck=[2])  # a correction
    return election


def lines(election):
    return list(EntryLogLine.objects.filter(election=election).order_by("position"))


def test_keying_seals_each_line_after_the_one_before(election):
    sealed = lines(election)
    assert [line.position for line in sealed] == list(range(1, 10))
    assert sealed[0].previous_hash == chain.GENESIS
    assert all(later.previous_hash == earlier.hash for earlier, later in zip(sealed, sealed[1:]))
    assert ChainHead.objects.get(name=chain_name(election.pk)).hash == sealed[-1].hash == entry_log_final_hash(election)
    (log,) = entry_log_chains(election.congress_id)
    assert chain.first_break(log.links, head=log.head, unsealed=log.unsealed) is None


def test_each_election_is_its_own_chain(election, congress_a, branch_clerk):
    other = voting_election(congress=congress_a, created_by=branch_clerk, kind="secretary", seats=1, names=["Hà"])
    ballot_key(acting_user=branch_clerk, election=other, serial=1, struck=[])
    line = EntryLogLine.objects.get(election=other)
    assert (line.position, line.previous_hash) == (1, chain.GENESIS)
    out, code = verify("--congress", str(congress_a.pk))
    assert code == 0 and "All 2 chains are whole." in out


def test_verify_passes_and_prints_the_final_hash_printed_on_the_log(election):
    out, code = verify("--congress", str(election.congress_id))
    final = entry_log_final_hash(election)
    assert code == 0
    assert f"OK      entry log of election {election.pk} (congress {election.congress_id}, committee, round 1): 9 rows, last seal {final}" in out
    assert "audit trail" not in out  # one congress's dossier: its entry logs only
    html = entry_log_html(entry_log_facts(election))
    assert " ".join(final[i:i + 8] for i in range(0, 64, 8)) in html


@pytest.mark.parametrize("field, value", [
    ("reading", "1,2"), ("serial", 9), ("action", "corrected"), ("resolved_disagreement", True),
    ("at", "2020-01-01T00:00:00Z"),
])
def test_editing_a_line_is_found(election, field, value):
    line = lines(election)[4]
    EntryLogLine.objects.filter(pk=line.pk).update(**{field: value})
    out, code = verify("--congress", str(election.congress_id))
    assert code == 1
    assert f"BROKEN  entry log of election {election.pk}" in out
    assert f"a row was edited at position 5, line {line.pk}" in out


def test_changing_the_operator_is_found(election, superior_clerk, branch_clerk):
    line = next(line for line in lines(election) if line.operator_id == branch_clerk.pk)
    EntryLogLine.objects.filter(pk=line.pk).update(operator=superior_clerk)
    _out, code = verify("--congress", str(election.congress_id))
    assert code == 1


def test_deleting_a_line_is_found(election):
    sealed = lines(election)
    sealed[3].delete()
    out, code = verify("--congress", str(election.congress_id))
    assert code == 1 and f"a row was deleted at position 4, line {sealed[4].pk}" in out


def test_deleting_the_last_line_is_found(election):
    lines(election)[-1].delete()
    out, code = verify("--congress", str(election.congress_id))
    assert code == 1 and "a row was deleted at position 9, the end of the chain" in out


def test_a_line_written_around_the_service_is_found(election, branch_clerk):
    line = EntryLogLine.objects.create(election=election, serial=5, operator=branch_clerk, action="keyed", reading="1")
    out, code = verify("--congress", str(election.congress_id))
    assert code == 1 and f"a row was inserted outside the chain, line {line.pk} (ballot 5): it carries no seal" in out


def test_swapping_two_lines_is_found(election):
    sealed = lines(election)
    a, b = sealed[2], sealed[5]
    EntryLogLine.objects.filter(pk=a.pk).update(position=None)
    EntryLogLine.objects.filter(pk=b.pk).update(position=a.position)
    EntryLogLine.objects.filter(pk=a.pk).update(position=b.position)
    out, code = verify("--congress", str(election.congress_id))
    assert code == 1 and f"rows were reordered at position 3, line {b.pk}" in out


def test_a_broken_log_does_not_hide_the_others(election, congress_a, branch_clerk):
    other = voting_election(congress=congress_a, created_by=branch_clerk, kind="secretary", seats=1, names=["Hà"])
    ballot_key(acting_user=branch_clerk, election=other, serial=1, struck=[])
    EntryLogLine.objects.filter(election=election, position=1).update(reading="3")
    out, code = verify()
    assert code == 1
    assert "OK      audit trail" in out and f"OK      entry log of election {other.pk}" in out
    assert f"BROKEN  entry log of election {election.pk}" in out


def test_a_congress_without_a_log_says_so(db):
    out, code = verify("--congress", "999999")
    assert code == 0 and "Congress 999999 has no ballot entry log." in out
