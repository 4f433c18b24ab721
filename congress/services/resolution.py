"""The congress's resolution drafted from its own data (docs/domain.md §4a; docs/documents.md "The
resolution"): congress.resolution writes the text from the facts gathered here, the draft is
saved as the NQ document of the congress (and drafted again while it is editable), and at
adoption (congress.services.votes.resolution_adopt) the elections' item, the final subject, the
presiding signer and the date are written in before the issue."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Position
from documents import rules as document_rules
from documents.models import Document, DocumentState
from documents.services.documents import approved_revise_in_transaction, document_save_body

from .. import hooks, resolution, rules, selectors
from ..models import Congress, CongressDocumentRole
from .day import log_on_congress
from .locks import locked
from .results import elected_seats, elections_held, official_member_count

# The presidium signs the resolution and the minutes alike (docs/domain.md §4a).
SIGNING_MODE, SIGNING_BODY = "T/M", "ĐOÀN CHỦ TỊCH"
ADOPTION_NOTE = "Đại hội thông qua"


def elections_first_message() -> str:
    return _(
        "Close the elections first: the resolution's item on the elections is written from their results when "
        "the congress adopts it, and it cannot be issued with “%(pending)s” still in it."
    ) % {"pending": resolution.ELECTIONS_PENDING_TEXT}


def committee_name(congress: Congress) -> str:
    """Who the congress elects and charges with the action programme: "Chi ủy" for a branch
    that elects one, "Bí thư Chi bộ" for one that does not (fewer than 9 official members),
    "Ban Chấp hành Đảng bộ ..." for a committee."""
    organization = congress.organization
    if organization.kind in rules.BRANCH_KINDS:
        if rules.elects_committee(organization.kind, official_member_count(congress)):
            return "Chi ủy"
        return "Bí thư Chi bộ"
    return f"Ban Chấp hành {organization.name}"


def previous_term_text(congress: Congress) -> str:
    """The term the political report assesses: the organisation's previous congress's, else the
    same length before the new one ("2020–2025" before "2025–2030")."""
    previous = selectors.previous_congress(congress)
    if previous is not None:
        return str(previous.plan.term)
    term = congress.plan.term
    return f"{2 * term.start_year - term.end_year}–{term.start_year}"


def elections_closed(congress: Congress) -> bool:
    """The elections are over (the elections app says so through congress.hooks); without it,
    once the elected are recorded."""
    fallback = congress.elected.exists()
    return hooks.condition("results:elections_closed", congress, default=fallback)


def elections_facts(congress: Congress) -> resolution.ElectionsFacts | None:
    """Who the congress elected, or None while its elections are not closed."""
    if not elections_closed(congress):
        return None
    seats = elected_seats(congress)
    committee = congress.organization.kind not in rules.BRANCH_KINDS or any(
        s.position == Position.MEMBER for s in seats
    )
    secretary = next((s.member.full_name for s in seats if s.position == Position.SECRETARY), "")
    deputies = tuple(s.member.full_name for s in seats if s.position == Position.DEPUTY_SECRETARY)
    officials = hooks.names("results:official_delegates", congress)
    superior = congress.plan.organization
    return resolution.ElectionsFacts(
        committee_name=committee_name(congress),
        committee=tuple(s.member.full_name for s in seats) if committee else (),
        secretary=secretary,
        deputies=deputies,
        official_delegates=officials,
        alternate_delegates=hooks.names("results:alternate_delegates", congress),
        delegates_to=f"Đại hội {superior.name} nhiệm kỳ {congress.plan.term}" if officials else "",
    )


def _political_report_body(congress: Congress) -> str:
    document = selectors.documents_by_role(congress).get(CongressDocumentRole.POLITICAL_REPORT)
    if document is None:
        return ""
    version = document.versions.order_by("-number").first()
    return version.body if version else ""


def resolution_facts(congress: Congress) -> resolution.ResolutionFacts:
    """What the resolution says, read from the congress's records: its targets, the political
    report's general goal and tasks, and the elected once the elections are closed."""
    report = _political_report_body(congress)
    return resolution.ResolutionFacts(
        organization_name=congress.organization.name,
        term=str(congress.plan.term),
        previous_term=previous_term_text(congress),
        committee_name=committee_name(congress),
        targets=tuple(str(target) for target in congress.targets.all()),
        goal_html=resolution.section_html(report, resolution.GOAL_HEADING),
        tasks_html=resolution.section_html(report, resolution.TASKS_HEADING),
        elections=elections_facts(congress),
    )


def resolution_body(congress: Congress) -> str:
    return resolution.resolution_html(resolution_facts(congress))


def _resolution_row(congress: Congress):
    return congress.documents.filter(role=CongressDocumentRole.DRAFT_RESOLUTION).select_related("document").first()


def resolution_draft_again(*, acting_user, congress: Congress) -> Document:
    """"Soạn lại từ dữ liệu Đại hội": the draft resolution's body written again from the
    congress's records (its targets, the political report, the elected), saved as its next
    version while it is editable; the clerk may edit it further on the document page."""
    row = _resolution_row(congress)
    if row is None:
        raise ValidationError(_("Draft the resolution first."))
    document = row.document
    if document.state not in document_rules.EDITABLE:
        raise ValidationError(_(
            "The resolution is “%(state)s”: it can no longer be drafted again from the congress records."
        ) % {"state": document.get_state_display()})
    version = document_save_body(
        acting_user=acting_user, document=document, body=resolution_body(congress),
        note=_("Drafted again from the congress records"),
    )
    if version is not None:
        with transaction.atomic(durable=True):
            log_on_congress(acting_user, "congress.resolution.drafted", locked(congress), version=version.number)
    return document


def resolution_date_problem(congress: Congress, on: datetime.date) -> str | None:
    """Why the resolution cannot be dated `on`, or None: not before the congress meets (its first
    day) nor after its last day, as every record of the day (congress.rules.day_record_date); the
    order of the numbers is checked when it is issued."""
    days = congress.days
    if days and not days[0] <= on <= days[-1]:
        return _("The resolution is dated a day of the congress (%(days)s).") % {
            "days": ", ".join(f"{day:%d/%m/%Y}" for day in days),
        }
    return None


def complete_for_adoption(*, acting_user, congress: Congress, document: Document, on: datetime.date) -> Document:
    """Inside resolution_adopt's transaction, before the issue: the elections' paragraph in place
    of ELECTIONS_PENDING when the elections are closed (saved as a new version, "Đại hội thông
    qua"), the subject without "Dự thảo" (resolution.adopted_subject), signed "T/M ĐOÀN CHỦ
    TỊCH" by the presiding member (the first of the presidium), dated `on`. While the elections
    are not closed the pending paragraph stays, and the guard refuses the issue naming it."""
    version = document.versions.order_by("-number").first()
    body = version.body if version else ""
    if resolution.elections_pending(body):
        if not elections_held(congress) and not congress.elected.exists():
            # Counted on paper and entered once the congress is held (decision D64).
            body = resolution.fill_elections(body, resolution.ELECTIONS_BY_HAND)
        else:
            facts = elections_facts(congress)
            if facts is None:
                raise ValidationError(elections_first_message())
            body = resolution.fill_elections(body, resolution.elections_html(facts, str(congress.plan.term)))
    presidium = selectors.presidium_names(congress)
    return approved_revise_in_transaction(
        acting_user=acting_user, document=document, body=body, note=ADOPTION_NOTE,
        subject=resolution.adopted_subject(document.subject), signing_mode=SIGNING_MODE, signing_body=SIGNING_BODY,
        signer_position="", signer_name=presidium[0] if presidium else document.signer_name, document_date=on,
    )


def adoption_problem(congress: Congress) -> str | None:
    """What the adoption form warns about before the vote: the draft still waits for the
    elections' results (close the elections first)."""
    row = _resolution_row(congress)
    if row is None or row.document.state != DocumentState.APPROVED:
        return None
    version = row.document.versions.order_by("-number").first()
    if not (version and resolution.elections_pending(version.body)):
        return None
    if not elections_held(congress) and not congress.elected.exists():
        return _(
            "No election of this congress is recorded here: the resolution's item on the elections is printed as a "
            "line to fill in by hand on the signed copy. Record the elections first to have it written."
        )
    if not elections_closed(congress):
        return elections_first_message()
    return None
