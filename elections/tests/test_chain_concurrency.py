"""Two requests writing at once extend a hash chain one after the other: the audit trail (members
edited at the same moment) and an election's entry log (operators keying at the same moment)
stay single lines, with no position taken twice and none skipped.

Real concurrency needs real connections and row locks: PostgreSQL only (SQLite serialises
whole transactions anyway). Each thread has its own connection and closes it at the end."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from branches import chain
from branches.seals import audit_trail_chains
from branches.services.members import member_update
from branches.tests.factories import MemberFactory, RoleFactory, UserFactory
from elections.entry_log_chain import entry_log_chains
from elections.models import EntryLogLine
from elections.services.counting import ballot_key

from .builders_counting import voting_election

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("no_rendering")]

N = 8


def whole(chains):
    return [chain.first_break(c.links, head=c.head, unsealed=c.unsealed) for c in chains]


def at_once(work, items):
    barrier = threading.Barrier(len(items))

    def run(item):
        try:
            barrier.wait(timeout=30)
            return work(item)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return [f.result(timeout=120) for f in [pool.submit(run, item) for item in items]]


def test_simultaneous_audited_writes_make_one_line(transactional_db, branch_a, superior_clerk):
    members = [MemberFactory(organization=branch_a, full_name=f"Người {n}") for n in range(N)]
    at_once(lambda m: member_update(acting_user=superior_clerk, member=m, occupation="Kỹ sư"), members)
    assert whole(audit_trail_chains(None)) == [None]


def test_simultaneous_keying_makes_one_entry_log(transactional_db, congress_a, branch_a, branch_clerk):
    election = voting_election(congress=congress_a, created_by=branch_clerk, ballots_issued=N)
    second = UserFactory(username="operator2")
    RoleFactory(user=second, organization=branch_a, kind="clerk")
    operators = [branch_clerk, second]  # each ballot keyed by both at the same moment
    jobs = [(operator, serial) for serial in range(1, N + 1) for operator in operators]
    at_once(lambda job: ballot_key(acting_user=job[0], election=election, serial=job[1], struck=[1]), jobs)
    positions = sorted(EntryLogLine.objects.filter(election=election).values_list("position", flat=True))
    assert positions == list(range(1, len(jobs) + 1))
    assert whole(entry_log_chains(congress_a.pk)) == [None]
    assert whole(audit_trail_chains(None)) == [None]
