"""Moving a congress through its life (congress.rules.MOVES): the one place that changes
`Congress.state`. Services with more to do in the same move (concluding a review, ratifying)
call move_in_transaction inside their own transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from documents import rules as document_rules
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import move_in_transaction as document_move_in_transaction

from .. import rules, selectors
from ..models import SUBMITTED_ROLES, Congress
from ..rules import Actor, Move
from .locks import locked

# Moves with their own service, because they write more than the state.
OWN_SERVICE = {
    Move.CONCLUDE_REVIEW: "congress.services.reviews.review_conclude",
    Move.RATIFY: "congress.services.ratification.congress_ratify",
    Move.ANNUL: "congress.services.ratification.congress_annul",
}


def congress_move(
    *, acting_user, congress: Congress, move: Move, actors: set[Actor], on: datetime.date | None = None,
) -> Congress:
    """Make `move` (rules.MOVES says who, from where and on which conditions). `on`: the day the
    congress was held (RECORD_HELD: one of its days, rules.held_on_problem; default
    rules.default_held_on) or the results were received (REPORT_RESULTS; default today)."""
    if move in OWN_SERVICE:
        raise ValueError(f"use {OWN_SERVICE[move]}")
    with transaction.atomic(durable=True):
        return move_in_transaction(acting_user=acting_user, congress=congress, move=move, actors=actors, on=on)


def move_in_transaction(
    *, acting_user, congress: Congress, move: Move, actors: set[Actor], on: datetime.date | None = None,
    reason: str = "",
) -> Congress:
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("move_in_transaction() must run inside the caller's transaction.")
    congress = locked(congress)
    problem = rules.move_problem(move, congress.state, actors, conditions=selectors.conditions(congress, reason=reason))
    if problem:
        raise ValidationError(problem)
    today = timezone.localdate()
    fields = ["state"]
    if move is Move.RECORD_HELD:
        # Held on one of its days, which its records carry (rules.held_on_problem).
        records_on = selectors.day_records_on(congress)
        congress.held_on = on or rules.default_held_on(congress.days, today, records_on)
        problem = rules.held_on_problem(congress.held_on, congress.days, today, records_on)
        if problem:
            raise ValidationError(problem)
        fields.append("held_on")
    elif move is Move.REPORT_RESULTS:
        congress.results_received_on = on or today
        if congress.held_on and congress.results_received_on < congress.held_on:
            raise ValidationError(_("The results cannot be received before the congress was held."))
        fields.append("results_received_on")
    elif move is Move.RATIFY:
        congress.ratified_on = on or today
        fields.append("ratified_on")
    elif move is Move.ANNUL:
        congress.annulment_reason = reason.strip()
        fields.append("annulment_reason")
    with audited(acting_user, f"congress.congress.{move.value}", reason=reason.strip()):
        congress.state = rules.target(move)
        congress.save(update_fields=fields)
    if move is Move.SUBMIT_FOR_REVIEW:
        _submit_documents(acting_user, congress)
    return congress


def _submit_documents(acting_user, congress: Congress) -> None:
    """Submitting a congress for review submits its drafts to the superior's leaders, who then
    approve or return each one at the review."""
    submittable = document_rules.MOVES[DocumentMove.SUBMIT][0]
    for row in congress.documents.filter(role__in=list(SUBMITTED_ROLES)).select_related("document"):
        if row.document.state in submittable:
            document_move_in_transaction(
                acting_user=acting_user, document=row.document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK},
            )
