"""Clerks issuing at the same moment never get the same number, and none is skipped, even when
one of them fails after taking a number (its rollback gives the number back).

Real concurrency needs real connections and row locks: PostgreSQL only (SQLite serialises
whole transactions anyway). Each thread has its own connection and closes it at the end.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from documents.models import Document, NumberSequence
from documents.rules import Actor, Move
from documents.services import documents as services
from documents.tests.factories import FINISHED_BODY, TermFactory

pytestmark = pytest.mark.usefixtures("no_rendering")

pytestmark = pytest.mark.postgres

CLERK, LEADER = {Actor.CLERK}, {Actor.LEADER}
N = 16


class Boom(RuntimeError):
    pass


def _approved(issuer, clerk, leader, subject):
    document = services.document_create(
        acting_user=clerk, issuer=issuer, doc_type="KH", subject=subject, body=FINISHED_BODY, signer_name="Nguyễn Văn An",
    )
    services.document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors=CLERK)
    return services.document_move(acting_user=leader, document=document, move=Move.APPROVE, actors=LEADER)


def test_simultaneous_issues_get_1_to_n_without_gaps(transactional_db, monkeypatch, branch_a, branch_clerk, superior_leader):
    TermFactory(start_year=2022, end_year=2025)
    documents = [_approved(branch_a, branch_clerk, superior_leader, f"Kế hoạch số {i}") for i in range(N)]
    failing = _approved(branch_a, branch_clerk, superior_leader, "Kế hoạch sẽ lỗi")
    render_request = services.render_request

    def slow_render_request(*, acting_user, version):
        # Hold the sequence's lock a little, so that the others queue behind it.
        time.sleep(0.02)
        if version.document_id == failing.pk:
            time.sleep(0.1)
            raise Boom("the disk is full")  # after the number was taken, before commit
        return render_request(acting_user=acting_user, version=version)

    monkeypatch.setattr(services, "render_request", slow_render_request)
    barrier = threading.Barrier(N + 1)

    def issue(document):
        try:
            barrier.wait(timeout=30)
            return services.document_issue(acting_user=branch_clerk, document=document, actors=CLERK).number
        except Boom:
            return None
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=N + 1) as pool:
        futures = [pool.submit(issue, d) for d in [failing, *documents]]
        numbers = [f.result(timeout=60) for f in futures]

    assert numbers[0] is None
    assert sorted(numbers[1:]) == list(range(1, N + 1))
    stored = Document.objects.filter(state="issued").order_by("number")
    assert [d.number for d in stored] == list(range(1, N + 1))
    assert [d.symbol for d in stored][:2] == ["01-KH/CB", "02-KH/CB"]
    assert Document.objects.get(pk=failing.pk).number is None
    assert Document.objects.get(pk=failing.pk).state == "approved"
    assert NumberSequence.objects.get().last_number == N

    # The failed one, issued again later, takes the next number.
    monkeypatch.setattr(services, "render_request", render_request)
    again = services.document_issue(acting_user=branch_clerk, document=failing, actors=CLERK)
    assert again.number == N + 1
