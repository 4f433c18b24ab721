"""The document page costs the same number of queries for a fresh draft and for a document
with a long life (versions, decisions, comments, renders, history)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import RenderJob
from documents.rules import Actor, Move
from documents.services.comments import comment_add
from documents.services.documents import document_create, document_move, document_save_body
from documents.tests.factories import TermFactory


def _queries(client, document) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("document_detail", kwargs={"pk": document.pk})).status_code == 200
    return len(context.captured_queries)


def test_a_long_life_costs_no_more_queries(client, monkeypatch, branch_a, branch_clerk, superior_leader, superior_viewer):
    monkeypatch.setattr("documents.services.renders._enqueue", lambda job_id: None)
    TermFactory()
    fresh = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Mới", body="<p>a</p>")
    busy = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nhiều", body="<p>a</p>")
    for round_ in range(4):
        for n in range(3):
            document_save_body(acting_user=branch_clerk, document=busy, body=f"<p>{round_} {n}</p>")
        busy = document_move(acting_user=branch_clerk, document=busy, move=Move.OPEN_COMMENTS, actors={Actor.CLERK})
        version = busy.versions.order_by("-number").first()
        for n in range(3):
            comment_add(acting_user=superior_viewer, version=version, body=f"Ý kiến {n}", paragraph=1)
        RenderJob.objects.create(version=version, state="done")
        document_move(acting_user=branch_clerk, document=busy, move=Move.SUBMIT, actors={Actor.CLERK})
        document_move(acting_user=superior_leader, document=busy, move=Move.RETURN, actors={Actor.LEADER}, comment="Sửa")

    client.force_login(branch_clerk)
    _queries(client, fresh)  # warm caches (content types, sessions)
    assert _queries(client, busy) == _queries(client, fresh)
