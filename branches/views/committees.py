from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import Need, access_for, check, get_organization
from ..audit import history_of_actions
from ..forms import CommitteeSeatForm
from ..models import CommitteeSeat, Position
from ..services import committees as services
from .common import add_service_errors

_POSITION_ORDER = {Position.SECRETARY: 0, Position.DEPUTY_SECRETARY: 1, Position.MEMBER: 2}


def committee_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's committee in each term: who held which seat."""
    organization = get_organization(request, pk)
    seats = sorted(
        CommitteeSeat.objects.filter(organization=organization).select_related("term", "member"),
        key=lambda s: (-s.term.start_year, -s.term.end_year, _POSITION_ORDER[s.position], s.member.sort_key),
    )
    terms = [(term, list(rows)) for term, rows in groupby(seats, key=lambda s: s.term)]
    can_edit = access_for(request).can(organization, Need.EDIT)
    form = CommitteeSeatForm(request.POST or None, organization=organization) if can_edit else None
    if request.method == "POST":
        check(request, organization, Need.EDIT)
        if form.is_valid():
            try:
                services.committee_seat_add(acting_user=request.user, organization=organization, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The seat was recorded."))
                return redirect("committee_list", pk=organization.pk)
    return render(
        request,
        "branches/committee_list.html",
        {
            "organization": organization,
            "terms": terms,
            "form": form,
            "can_edit": can_edit,
            "history": history_of_actions("branches.committee_seat.", organization=organization.pk),
        },
    )


@require_POST
def committee_seat_delete(request: HttpRequest, pk: int) -> HttpResponse:
    seat = CommitteeSeat.objects.select_related("organization").filter(pk=pk).first()
    if seat is None:
        raise Http404
    check(request, seat.organization, Need.EDIT)
    services.committee_seat_remove(acting_user=request.user, seat=seat)
    messages.success(request, _("The seat was removed."))
    return redirect("committee_list", pk=seat.organization_id)
