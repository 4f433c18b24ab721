"""The votes of a congress by show of hands: its bodies, the agenda, and the resolution, which a
passing vote issues in the congress's sequence (docs/domain.md §2 step 6, §3)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.models import Member
from documents.models import DocumentState
from documents.rules import Actor as DocumentActor
from documents.services.documents import issue_in_transaction

from .. import rules, selectors
from ..models import BODY_SUBJECTS, Congress, CongressDocumentRole, ShowOfHands, VoteSubject
from .day import RECORDED_SUBJECTS, log_on_congress, refuse, resolution_problem, vote_problem
from . import resolution as resolution_services
from .locks import locked
from .attendance import breakdown, is_recorded, voter_count, voters


# --- Votes by show of hands --------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """The base and the voters of a congress whose attendance is recorded, and those summoned
    (official members, or at a delegates' congress the delegates)."""

    base: int
    voters: int
    voter_ids: frozenset[int]
    summoned: int


def congress_count(congress: Congress) -> Count:
    """The figures every vote of the congress is counted against (its show-of-hands votes here,
    its elections too); refused while the attendance is not recorded."""
    rows = list(congress.attendance.all())
    if not is_recorded(rows):
        raise ValidationError(_(
            "Record the attendance first: every member on the summons list must be marked present or absent."
        ))
    present = voters(rows)
    figures = breakdown(rows, congress.kind)
    return Count(
        base=figures.base, voters=voter_count(rows, congress.kind),
        voter_ids=frozenset(row.member_id for row in present),
        summoned=figures.summoned if congress.kind == rules.DELEGATES else figures.official_summoned,
    )


def tally_problem(votes_for: int, votes_against: int, voters: int, kind: str = rules.MEMBERS) -> str | None:
    """Why these figures cannot be the result of a show of hands among `voters`, or None."""
    if votes_for < 0 or votes_against < 0:
        return _("The number of votes cannot be negative.")
    if votes_for + votes_against > voters and kind == rules.DELEGATES:
        return _(
            "%(cast)s votes for and against, but only %(voters)s delegates present (alternates included) may vote."
        ) % {"cast": votes_for + votes_against, "voters": voters}
    if votes_for + votes_against > voters:
        return _(
            "%(cast)s votes for and against, but only %(voters)s official members present may vote."
        ) % {"cast": votes_for + votes_against, "voters": voters}
    return None


def _save_vote(acting_user, congress: Congress, subject: str, votes_for: int, votes_against: int, base: int,
               members: Iterable[Member] = ()) -> ShowOfHands:
    vote = ShowOfHands.objects.filter(congress=congress, subject=subject).first() or ShowOfHands(
        congress=congress, subject=subject,
    )
    vote.votes_for = votes_for
    vote.votes_against = votes_against
    vote.base = base
    vote.passed = rules.show_of_hands_passes(votes_for, base)
    vote.recorded_by = acting_user
    vote.full_clean(exclude=["recorded_by"])
    vote.save()
    if subject in BODY_SUBJECTS:
        vote.members.set(list(members))
    return vote


def show_of_hands_record(
    *, acting_user, congress: Congress, subject: str, votes_for: int, votes_against: int = 0,
    members: Iterable[Member] = (),
) -> ShowOfHands:
    """Record a vote by show of hands (docs/domain.md §3): the presidium, the secretariat or the
    vote-counting board with the people elected, or the agenda and working rules. Counted
    against the base of the recorded attendance; recording a subject again replaces it."""
    if subject not in RECORDED_SUBJECTS:
        raise ValueError(f"use resolution_adopt for {subject!r}" if subject == VoteSubject.RESOLUTION else subject)
    members = list(members)
    code = "congress.vote.recorded"
    with transaction.atomic(durable=True), audited(acting_user, code, congress=congress.pk, subject=subject):
        congress = locked(congress)
        refuse(vote_problem(congress))
        count = congress_count(congress)
        refuse(tally_problem(votes_for, votes_against, count.voters, congress.kind))
        if subject in BODY_SUBJECTS:
            if not members:
                raise ValidationError({"members": _("Choose the people elected.")})
            stray = [m.full_name for m in members if m.pk not in count.voter_ids]
            if stray:
                if congress.kind == rules.DELEGATES:
                    message = _(
                        "Only official delegates present at the congress can be elected to its bodies; not: %(names)s."
                    )
                else:
                    message = _(
                        "Only official members present at the congress can be elected to its bodies; not: %(names)s."
                    )
                raise ValidationError({"members": message % {"names": ", ".join(stray)}})
        elif members:
            raise ValidationError({"members": _("The agenda elects nobody.")})
        return _save_vote(acting_user, congress, subject, votes_for, votes_against, count.base, members)


# --- The resolution ----------------------------------------------------------------------------


def resolution_adopt(
    *, acting_user, congress: Congress, votes_for: int, votes_against: int = 0,
    document_date: datetime.date | None = None,
) -> ShowOfHands:
    """The congress votes on its resolution by show of hands; with more than half of the base
    (244-QĐ/TW Art. 32; 190-QĐ/TW Art. 30) the draft approved at the review is issued in the
    same transaction, numbered in the congress's sequence ("01-NQ/...") and dated
    `document_date`, by default the congress's day (rules.day_record_date; not before the
    congress meets, nor before the previous number of its sequence). Before the issue it is
    completed (congress.services.resolution.complete_for_adoption): the elections' results in
    place of the pending paragraph, the subject without "Dự thảo", signed "T/M ĐOÀN CHỦ TỊCH"
    by the presiding member (docs/domain.md §4a). A vote that fails is recorded and issues
    nothing; the congress may vote again on the day."""
    with transaction.atomic(durable=True):
        congress = locked(congress)
        refuse(resolution_problem(congress))
        row = congress.documents.filter(role=CongressDocumentRole.DRAFT_RESOLUTION).select_related("document").first()
        if row is None:
            raise ValidationError(_(
                "The congress has no draft resolution: draft it with the congress documents and have it approved "
                "at the review."
            ))
        document = row.document
        if document.state == DocumentState.ISSUED:
            raise ValidationError(_("The resolution was already adopted and issued as %(symbol)s.") % {
                "symbol": document.symbol,
            })
        if document.state != DocumentState.APPROVED:
            raise ValidationError(_(
                "The draft resolution is not approved (it is “%(state)s”): the superior approves it at the review "
                "before the congress adopts it."
            ) % {"state": document.get_state_display()})
        count = congress_count(congress)
        refuse(tally_problem(votes_for, votes_against, count.voters, congress.kind))
        passed = rules.show_of_hands_passes(votes_for, count.base)
        code = "congress.resolution.adopted" if passed else "congress.vote.recorded"
        with audited(acting_user, code, congress=congress.pk, subject=VoteSubject.RESOLUTION.value):
            vote = _save_vote(acting_user, congress, VoteSubject.RESOLUTION, votes_for, votes_against, count.base)
            if passed:
                # Dated the congress's day, even when entered after the fact (rules.day_record_date).
                on = document_date or selectors.day_record_date(congress)
                refuse(resolution_services.resolution_date_problem(congress, on))
                document = resolution_services.complete_for_adoption(
                    acting_user=acting_user, congress=congress, document=document, on=on,
                )
                document = issue_in_transaction(
                    acting_user=acting_user, document=document, actors={DocumentActor.CLERK},
                )
                log_on_congress(
                    acting_user, code, congress, votes_for=votes_for, base=count.base, symbol=document.symbol,
                )
    return vote


