"""Access to personnel plans and elections: they belong to their congress, so
congress.access decides (checked once, in one place)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from branches.access import Need, check
from congress.access import actors_on
from congress.rules import Actor

from .models import Election


def get_election(request: HttpRequest, pk: int, actor: Actor | None = None) -> Election:
    """The election `pk` if the user may read its congress (404 otherwise) and, with `actor`,
    act on it as that actor (403 otherwise)."""
    election = (
        Election.objects.select_related(
            "congress", "congress__organization", "congress__plan", "congress__plan__organization",
            "congress__plan__term",
        )
        .filter(pk=pk).first()
    )
    if election is None:
        raise Http404
    check(request, election.congress.organization, Need.VIEW)
    if actor is not None and actor not in actors_on(request, election.congress):
        raise PermissionDenied
    return election
