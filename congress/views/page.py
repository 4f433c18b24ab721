"""What every congress page starts from (templates/congress/base.html): the congress, its
organisation, the ancestors the reader may see and the reader's roles on the congress.

A module of its own so that the congress page, its panels (day, results, reviews) and the
elections' and reporting's congress pages can all import it at the top: the congress page imports
the panels' modules, so this cannot live beside it without a cycle."""

from django.http import HttpRequest

from branches.access import Need, access_for
from branches.models import Organization

from ..access import actors_on
from ..models import Congress
from ..rules import Actor


def congress_page_context(request: HttpRequest, congress: Congress, actors: set[Actor] | None = None) -> dict:
    """What templates/congress/base.html needs: every congress page starts from this."""
    access = access_for(request)
    organization = congress.organization
    ancestors = [a for a in Organization.objects.get_ancestors(organization) if access.can(a, Need.VIEW)]
    return {
        "congress": congress,
        "organization": organization,
        "ancestors": ancestors,
        "actors": actors_on(request, congress) if actors is None else actors,
    }
