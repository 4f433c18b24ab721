"""Access to documents, through branches.access (checked once, in one place)."""

from collections.abc import Callable, Iterable

from django.http import Http404, HttpRequest

from branches.access import Need, access_for, check
from branches.models import Organization

from .models import Document
from .rules import Actor


def approving_organization(document: Document) -> Organization:
    """Whose leaders approve: the issuer's own for its plans, notices and decisions
    (`approved_by_issuer`), else the issuer's superior; a top organisation approves its own."""
    if document.approved_by_issuer:
        return document.issuer
    return Organization.objects.get_parent(document.issuer) or document.issuer


def actors_on(request: HttpRequest, document: Document) -> set[Actor]:
    access = access_for(request)
    actors = set()
    if access.can(document.issuer, Need.EDIT):
        actors.add(Actor.CLERK)
    if access.can(approving_organization(document), Need.LEAD):
        actors.add(Actor.LEADER)
    return actors


# Who else may read a document besides the roles on its issuer: functions other apps register,
# each returning the organisations whose roles may read `document` (a superior's conclusion
# notice is read by the branch it concerns). The documents app knows nothing of why.
_READERS: list[Callable[[Document], Iterable[Organization]]] = []


def register_readers(readers: Callable[[Document], Iterable[Organization]]) -> None:
    _READERS.append(readers)


def get_document(request: HttpRequest, pk: int, need: Need = Need.VIEW) -> Document:
    document = Document.objects.select_related("issuer", "term").filter(pk=pk).first()
    if document is None:
        raise Http404
    access = access_for(request)
    if need is Need.VIEW and not access.can(document.issuer) and any(
        access.can(organization) for readers in _READERS for organization in readers(document)
    ):
        return document
    check(request, document.issuer, need)
    return document
