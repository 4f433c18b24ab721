"""The ballot paper of an election, as a PDF anyone who reads the congress may print: the
counting board photocopies it for the voters (docs/domain.md §3)."""

import io

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from branches.models import Organization

from .. import ballot_paper
from ..access import get_election
from ..models import Election


def paper_for(election: Election) -> ballot_paper.BallotPaper:
    """The plain values the paper prints, read from the election and its list (those on the
    ballot: admitted and not withdrawn)."""
    congress = election.congress
    organization = congress.organization
    superior = Organization.objects.get_parent(organization)
    candidates = election.candidates.filter(admitted=True, withdrawn=False).select_related("member")
    return ballot_paper.BallotPaper(
        congress_name=congress.name,
        title=ballot_paper.election_title(
            election.kind, organization_name=organization.name, superior_name=superior.name if superior else "",
            term=str(congress.plan.term),
        ),
        seats=election.seats,
        round=election.round,
        candidates=ballot_paper.ballot_order((c.position, c.member.full_name) for c in candidates),
    )


@require_GET
def election_ballot_paper(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election(request, pk)
    paper = paper_for(election)
    if not paper.candidates:
        messages.info(request, _("The list has no candidates yet: add them before printing the ballot paper."))
        return redirect("election_detail", pk=election.pk)
    data = ballot_paper.render_paper(paper)
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=ballot_paper.filename(election.kind, election.round),
        content_type="application/pdf",
    )
