"""Building congress rounds for tests: a plan issued through the real services, and congresses
put straight into a later state for tests of what happens there."""

import datetime

from branches.tests.factories import TermFactory
from congress.models import Congress, Plan
from congress.services.plans import plan_create, plan_issue
from documents.rules import Actor, Move
from documents.services.documents import document_move

HELD_BY = datetime.date(2022, 7, 20)
PILOTS_BY = datetime.date(2022, 6, 15)


def round_term():
    return TermFactory(start_year=2022, end_year=2025)


def issued_plan(*, organization, clerk, leader, term=None, pilots=(), scope=None, **settings) -> Plan:
    """A plan of `organization` whose KH document went through approval and was issued, so its
    congresses are open."""
    plan = plan_create(
        acting_user=clerk, organization=organization, term=term or round_term(),
        subject="Kế hoạch tổ chức đại hội chi bộ", congresses_held_by=HELD_BY,
        pilots_held_by=PILOTS_BY if pilots else None, pilots=pilots, scope=scope, **settings,
    )
    document_move(acting_user=clerk, document=plan.document, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=leader, document=plan.document, move=Move.APPROVE, actors={Actor.LEADER})
    return plan_issue(acting_user=clerk, plan=plan, actors={Actor.CLERK})


def put_in_state(congress: Congress, state: str, **fields) -> Congress:
    """Set a congress's state (and other fields) directly, skipping the moves before it."""
    Congress.objects.filter(pk=congress.pk).update(state=state, **fields)
    congress.refresh_from_db()
    return congress
