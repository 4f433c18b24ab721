"""The move service: the only code that changes a congress's state, with the conditions read
from the database (congress.selectors.conditions)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction

from congress.models import CongressDocument, CongressDocumentRole, CongressState, congress_sequence_key
from congress.rules import Actor, Move
from congress.selectors import checklist, conditions
from congress.services.moves import congress_move, move_in_transaction
from congress.tests.builders import put_in_state
from documents.models import DocumentState
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import document_create, document_move

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

CLERK = {Actor.CLERK}


def attach(congress, role, clerk, doc_type="BC"):
    document = document_create(
        acting_user=clerk, issuer=congress.organization, doc_type=doc_type, subject=str(role.label),
        term=congress.plan.term, body="<p>Nội dung</p>", sequence_key=congress_sequence_key(congress.pk),
    )
    CongressDocument.objects.create(congress=congress, role=role, document=document)
    return document


def test_preparing_starts_by_the_clerk_and_is_audited(congress_a, branch_clerk):
    moved = congress_move(acting_user=branch_clerk, congress=congress_a, move=Move.START_PREPARING, actors=CLERK)
    assert moved.state == CongressState.PREPARING
    entry = LogEntry.objects.get_for_object(moved).order_by("-pk").first()
    assert entry.actor == branch_clerk
    assert entry.additional_data["action"] == "congress.congress.start_preparing"


def test_a_superior_clerk_without_the_clerk_actor_is_refused(congress_a, superior_clerk):
    with pytest.raises(ValidationError, match="Only a clerk of the organisation"):
        congress_move(acting_user=superior_clerk, congress=congress_a, move=Move.START_PREPARING,
                      actors={Actor.SUPERIOR_CLERK})
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.PLANNED


def test_submitting_needs_the_political_report_and_the_draft_resolution(congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.PREPARING)
    with pytest.raises(ValidationError, match="political report and the draft resolution"):
        congress_move(acting_user=branch_clerk, congress=congress_a, move=Move.SUBMIT_FOR_REVIEW, actors=CLERK)
    attach(congress_a, CongressDocumentRole.POLITICAL_REPORT, branch_clerk)
    assert not conditions(congress_a)["documents_ready"]
    attach(congress_a, CongressDocumentRole.DRAFT_RESOLUTION, branch_clerk, doc_type="NQ")
    assert conditions(congress_a)["documents_ready"]


def test_submitting_for_review_submits_the_drafts_to_the_superior(congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.PREPARING)
    report = attach(congress_a, CongressDocumentRole.POLITICAL_REPORT, branch_clerk)
    resolution = attach(congress_a, CongressDocumentRole.DRAFT_RESOLUTION, branch_clerk, doc_type="NQ")
    document_move(acting_user=branch_clerk, document=resolution, move=DocumentMove.OPEN_COMMENTS,
                  actors={DocumentActor.CLERK})
    congress_move(acting_user=branch_clerk, congress=congress_a, move=Move.SUBMIT_FOR_REVIEW, actors=CLERK)
    report.refresh_from_db()
    resolution.refresh_from_db()
    assert (report.state, resolution.state) == (DocumentState.SUBMITTED, DocumentState.SUBMITTED)


def test_a_failing_submission_submits_no_document(congress_a, branch_clerk, monkeypatch):
    put_in_state(congress_a, CongressState.PREPARING)
    report = attach(congress_a, CongressDocumentRole.POLITICAL_REPORT, branch_clerk)
    attach(congress_a, CongressDocumentRole.DRAFT_RESOLUTION, branch_clerk, doc_type="NQ")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("congress.services.moves.document_move_in_transaction", fail)
    with pytest.raises(RuntimeError):
        congress_move(acting_user=branch_clerk, congress=congress_a, move=Move.SUBMIT_FOR_REVIEW, actors=CLERK)
    congress_a.refresh_from_db()
    report.refresh_from_db()
    assert congress_a.state == CongressState.PREPARING and report.state == DocumentState.DRAFT


def test_held_needs_attendance_and_the_adopted_resolution(congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.REVIEWED)
    with pytest.raises(ValidationError) as refused:
        congress_move(acting_user=branch_clerk, congress=congress_a, move=Move.RECORD_HELD, actors=CLERK)
    assert "Record the attendance" in str(refused.value) and "adopted its resolution" in str(refused.value)


def test_held_takes_the_scheduled_date_and_refuses_the_future(congress_a, branch_clerk, monkeypatch):
    monkeypatch.setattr("congress.selectors.conditions", lambda congress, reason="": dict.fromkeys(
        ("attendance_recorded", "resolution_adopted"), True))
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=datetime.date(2022, 6, 17))
    with pytest.raises(ValidationError, match="still to come"):
        congress_move(acting_user=branch_clerk, congress=congress_a, move=Move.RECORD_HELD, actors=CLERK,
                      on=datetime.date.today() + datetime.timedelta(days=1))
    held = congress_move(acting_user=branch_clerk, congress=congress_a, move=Move.RECORD_HELD, actors=CLERK)
    assert held.state == CongressState.HELD and held.held_on == datetime.date(2022, 6, 17)
    with pytest.raises(ValidationError, match="before the congress was held"):
        congress_move(acting_user=branch_clerk, congress=held, move=Move.REPORT_RESULTS, actors=CLERK,
                      on=datetime.date(2022, 6, 16))
    reported = congress_move(acting_user=branch_clerk, congress=held, move=Move.REPORT_RESULTS, actors=CLERK,
                             on=datetime.date(2022, 6, 20))
    assert reported.state == CongressState.RESULTS_REPORTED
    assert reported.results_received_on == datetime.date(2022, 6, 20)


@pytest.mark.parametrize("move", [Move.CONCLUDE_REVIEW, Move.RATIFY, Move.ANNUL])
def test_moves_with_their_own_service_are_not_made_here(congress_a, superior_leader, move):
    with pytest.raises(ValueError, match="use congress.services"):
        congress_move(acting_user=superior_leader, congress=congress_a, move=move, actors={Actor.SUPERIOR_LEADER})


@pytest.mark.django_db(transaction=True)
def test_move_in_transaction_needs_the_callers_transaction(congress_a, branch_clerk):
    with pytest.raises(transaction.TransactionManagementError):
        move_in_transaction(acting_user=branch_clerk, congress=congress_a, move=Move.START_PREPARING, actors=CLERK)


def test_an_annulment_needs_a_reason(congress_a, superior_leader):
    put_in_state(congress_a, CongressState.HELD)
    with transaction.atomic(), pytest.raises(ValidationError, match="reason"):
        move_in_transaction(acting_user=superior_leader, congress=congress_a, move=Move.ANNUL,
                            actors={Actor.SUPERIOR_LEADER}, reason="  ")
    with transaction.atomic():
        annulled = move_in_transaction(acting_user=superior_leader, congress=congress_a, move=Move.ANNUL,
                                       actors={Actor.SUPERIOR_LEADER}, reason=" Vi phạm quy chế bầu cử ")
    assert annulled.state == CongressState.ANNULLED and annulled.annulment_reason == "Vi phạm quy chế bầu cử"


def test_the_checklist_follows_the_work(congress_a, branch_clerk):
    items = {item.label: item.done for item in checklist(congress_a)}
    assert items["Date and venue set"] is False and items["Political report"] is False
    congress_a.scheduled_on, congress_a.venue = datetime.date(2022, 6, 17), "Nhà văn hóa TDP"
    attach(congress_a, CongressDocumentRole.POLITICAL_REPORT, branch_clerk)
    items = {item.label: item.done for item in checklist(congress_a)}
    assert items["Date and venue set"] and items["Political report"]
    assert not items["Reviewed by the superior"]
