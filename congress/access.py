"""Access to plans and congresses, through branches.access (checked once, in one place).

A plan belongs to the committee that issued it: its clerks edit it, every role on it reads it.
A congress belongs to the organisation that holds it, and its superior is the plan's committee:
the organisation's clerks prepare and record it, the superior's leaders review, ratify or annul
it, and every role on the organisation (so on the superior too) reads it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from branches.access import Need, access_for, check

from .models import Congress, Plan
from .rules import Actor


def get_plan(request: HttpRequest, pk: int, need: Need = Need.VIEW) -> Plan:
    plan = Plan.objects.select_related("organization", "term", "document").filter(pk=pk).first()
    if plan is None:
        raise Http404
    check(request, plan.organization, need)
    return plan


def actors_on(request: HttpRequest, congress: Congress) -> set[Actor]:
    access = access_for(request)
    actors = set()
    if access.can(congress.organization, Need.EDIT):
        actors.add(Actor.CLERK)
    if access.can(congress.plan.organization, Need.EDIT):
        actors.add(Actor.SUPERIOR_CLERK)
    if access.can(congress.plan.organization, Need.LEAD):
        actors.add(Actor.SUPERIOR_LEADER)
    return actors


def get_congress(request: HttpRequest, pk: int, actor: Actor | None = None) -> Congress:
    """The congress `pk` if the user may read it (404 otherwise) and, with `actor`, act on it as
    that actor (403 otherwise)."""
    congress = (
        Congress.objects.select_related("organization", "plan", "plan__organization", "plan__term", "plan__document")
        .filter(pk=pk).first()
    )
    if congress is None:
        raise Http404
    check(request, congress.organization, Need.VIEW)
    if actor is not None and actor not in actors_on(request, congress):
        raise PermissionDenied
    return congress
