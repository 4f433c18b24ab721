"""After the congress (docs/domain.md §2 step 7, §3): who was elected, the results dossier sent to
the superior, and complaints, which ratification waits for (congress.services.ratification)."""

import datetime
import os
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from branches import spreadsheets
from branches.audit import audited
from branches.imports import GENDER_WORDS
from branches.models import CommitteeSeat, Member, Membership, Position, Situation, Term
from documents.filenames import ascii_slug

from .. import hooks, rules
from ..models import (
    DOSSIER_FROM_DOCUMENTS, Complaint, Congress, DossierFile, DossierKind, ElectedSeat, SecretaryAppointment,
    dossier_upload_to,
)
from ..rules import BRANCH_COMMITTEE_MAX, BRANCH_KINDS, COMMITTEE_THRESHOLD, Actor, elects_committee
from .locks import locked

# The elected and the dossier are recorded once the congress is held, until the superior
# decides: ratified results change only through annulment.
RESULTS_STATES = frozenset({rules.HELD, rules.RESULTS_REPORTED})
# A complaint may arrive from the congress on, ratified or not (QĐ 24-QĐ/TW §16.1: the superior
# may annul ratified results).
COMPLAINT_STATES = frozenset({rules.HELD, rules.RESULTS_REPORTED, rules.RATIFIED})

# Who may stand for election is congress.rules.standing_refusal (docs/domain.md §1.4, Decision
# D3): official members whatever their situation but suspended; probationary members never.

# The order the elected are listed in: secretary, deputy, then the committee.
POSITION_ORDER = {Position.SECRETARY: 0, Position.DEPUTY_SECRETARY: 1, Position.MEMBER: 2}

# The dossier items filled by an upload (the others come from the congress's issued documents).
UPLOADED_KINDS = tuple(kind for kind in DossierKind if kind not in DOSSIER_FROM_DOCUMENTS)
MAX_DOSSIER_BYTES = 20 * 1024 * 1024
# Accepted types: what the file must begin with, by extension (a renamed .exe is refused).
DOSSIER_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
DOSSIER_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- Pure rules ----------------------------------------------------------------------------------


def seat_warnings(
    kind: str, official_members: int, positions: Iterable[str], *, secretary_left_vacant: bool = False,
) -> list[str]:
    """What looks wrong in the elected of an organisation of `kind` with `official_members`
    (the appointed secretary counted as the secretary), without refusing it: rows recorded
    before the refusals below, or by a ballot, are still shown to the superior before it
    ratifies. No secretary is not a warning when the congress decided to leave the seat vacant."""
    positions = list(positions)
    committee = positions.count(Position.MEMBER)
    warnings = []
    if positions and Position.SECRETARY not in positions and not secretary_left_vacant:
        warnings.append(_(
            "No secretary is recorded among the elected: the results are ratified once a secretary is elected or "
            "appointed by the superior, or the congress decided to leave the seat vacant."
        ))
    if kind in BRANCH_KINDS:
        if committee and official_members < COMMITTEE_THRESHOLD:
            warnings.append(_(
                "The branch has %(count)s official members: with fewer than %(threshold)s it elects a secretary "
                "and, if needed, one deputy, but no committee members."
            ) % {"count": official_members, "threshold": COMMITTEE_THRESHOLD})
        if len(positions) > BRANCH_COMMITTEE_MAX:
            warnings.append(_("A branch committee has at most %(max)s members; %(count)s are recorded.") % {
                "max": BRANCH_COMMITTEE_MAX, "count": len(positions),
            })
    return warnings


def committee_problem(kind: str, official_members: int, position: str) -> str | None:
    """Why an organisation of `kind` with `official_members` cannot have `position` among its
    elected, or None: a branch with fewer than COMMITTEE_THRESHOLD (9) official members elects a
    secretary and, if needed, one deputy, and no committee (chi ủy) [Charter Art. 24 cl. 4;
    294-QĐ/TW §24]: a committee member there is refused (rules.elects_committee)."""
    if position == Position.MEMBER and not elects_committee(kind, official_members):
        return _(
            "The branch has %(count)s official members: with fewer than %(threshold)s it elects a secretary and, "
            "if needed, one deputy, and no committee, so no committee member can be recorded."
        ) % {"count": official_members, "threshold": COMMITTEE_THRESHOLD}
    return None


def hand_entry_problem(
    seats: list[ElectedSeat], member: Member, position: str, from_ballot: frozenset[str],
) -> tuple[str, str] | None:
    """Why the clerk cannot record `member` as `position` by hand, as (field, message), or None.

    `from_ballot`: the seats (positions) a ballot recorded here fills. Those are the count's:
    nothing entered by hand may contradict the vote-count minutes, so such a seat is neither
    added, changed nor corrected here (docs/domain.md §3.11, Decision D40). What no ballot here
    fills is still entered by hand: where the ballot elected the committee, the secretary and the
    deputy the new committee elects from among its members (a committee member moves up)."""
    seat = next((s for s in seats if s.member_id == member.pk), None)
    if position in from_ballot or (seat is not None and seat.position in from_ballot and (
        seat.position != Position.MEMBER or position == Position.MEMBER
    )):
        return "position", _(
            "The elected come from the ballot recorded in the congress's elections and its vote-count minutes: "
            "they cannot be added, changed or removed by hand."
        )
    if Position.MEMBER in from_ballot and seat is None:
        return "member", _(
            "%(name)s was not elected to the committee by the ballot: the committee elects its secretary and "
            "deputy from among its members."
        ) % {"name": member.full_name}
    return None


def upload_problem(name: str, size: int, head: bytes) -> str | None:
    """Why a file cannot go into the dossier, or None: PDF, JPEG, PNG, DOCX or XLSX only (by
    extension and by content), not empty, at most MAX_DOSSIER_BYTES."""
    extension = os.path.splitext(name)[1].lower()
    if extension not in DOSSIER_SIGNATURES:
        return _("Only PDF, JPEG, PNG, Word (.docx) and Excel (.xlsx) files are accepted.")
    if size == 0:
        return _("The file is empty.")
    if size > MAX_DOSSIER_BYTES:
        return _("The file is too large (%(size)s MB). Files up to %(limit)s MB are accepted.") % {
            "size": f"{size / 1024 / 1024:.1f}", "limit": MAX_DOSSIER_BYTES // (1024 * 1024),
        }
    if not head.startswith(DOSSIER_SIGNATURES[extension]):
        return _("The file's content does not match its type (%(extension)s).") % {"extension": extension}
    return None


def safe_filename(name: str) -> str:
    """A stored name made of ASCII letters, digits and hyphens, keeping the (lower-case)
    extension: "Biên bản bầu cử (bản ký).PDF" -> "bien-ban-bau-cu-ban-ky.pdf"."""
    stem, extension = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    return f"{ascii_slug(stem)[:60].rstrip('-') or 'tep'}{extension.lower()}"


# --- Reads the services and pages share ----------------------------------------------------------


def official_member_count(congress: Congress) -> int:
    """Official members of the congress's organisation, whatever their situation: from the
    summons list (on the congress date) when it was drawn, else the members today."""
    memberships = list(congress.attendance.values_list("membership", flat=True))
    if memberships:
        return memberships.count(Membership.OFFICIAL)
    return Member.objects.filter(
        congress.organization.subtree_q("organization__"), membership=Membership.OFFICIAL,
    ).count()


def elected_seats(congress: Congress) -> list[ElectedSeat]:
    """The elected, secretary first, then the deputy, then the committee by name, with the
    secretary the superior appointed (SecretaryAppointment) in the secretary's place: an unsaved
    row marked `appointed` (every row has the attribute), which replaces the appointee's own row
    when the congress elected them to the committee (docs/domain.md §3.11)."""
    seats = list(congress.elected.select_related("member", "member__organization"))
    for seat in seats:
        seat.appointed = False
    appointment = SecretaryAppointment.objects.filter(congress=congress).select_related(
        "member", "member__organization",
    ).first()
    if appointment is not None:
        own = next((s for s in seats if s.member_id == appointment.member_id), None)
        seats = [s for s in seats if s is not own]
        appointed = ElectedSeat(
            congress=congress, member=appointment.member, position=Position.SECRETARY,
            votes=own.votes if own is not None else None,
        )
        appointed.appointed = True
        seats.append(appointed)
    return sorted(seats, key=lambda s: (POSITION_ORDER[s.position], s.member.sort_key, s.pk or 0))


def elections_held(congress: Congress) -> bool:
    """The congress's elections are recorded here (the elections app says so through
    congress.hooks): its elected come from their count."""
    return hooks.condition("results:elections_held", congress, default=False)


def seats_from_ballot(congress: Congress) -> frozenset[str]:
    """The seats (positions) a ballot recorded here fills for this congress, which are not
    entered by hand (hand_entry_problem); empty without the elections app."""
    return frozenset(
        position for position in Position.values
        if hooks.condition(f"results:seat_from_ballot:{position}", congress, default=False)
    )


def secretary_left_vacant(congress: Congress) -> bool:
    """The congress decided, after a ballot here, to leave the secretary's seat vacant (bầu thiếu)."""
    return hooks.condition("results:secretary_left_vacant", congress, default=False)


def secretary_to_appoint(congress: Congress) -> bool:
    """The congress decided, after three rounds here without a secretary elected, that the
    superior appoints one (docs/domain.md §3.11)."""
    return hooks.condition("results:secretary_to_appoint", congress, default=False)


def may_stand_q(prefix: str = "") -> Q:
    """Members who may stand, as a filter (congress.rules.standing_refusal: official, not
    suspended); `prefix` reaches the member through a relation ("member__")."""
    return Q(**{f"{prefix}membership": Membership.OFFICIAL}) & ~Q(**{f"{prefix}situation": Situation.SUSPENDED})


def refusal_label(refusal: str) -> str:
    """How a person reads congress.rules.standing_refusal's answer: "Probationary", "Suspended"."""
    return str(Membership.PROBATIONARY.label if refusal == rules.PROBATIONARY else Situation.SUSPENDED.label)


def standing_problem(member: Member, organization, status: tuple[str, str] | None = None) -> str | None:
    """Why `member` may not stand for election at a congress of `organization`, or None: they
    must belong to its subtree, be official and not suspended (congress.rules.standing_refusal;
    docs/domain.md §1.4). `status`: (membership, situation) on the congress date when the summons
    list gives them, else the member's own."""
    if not member.organization.is_in_subtree_of(organization):
        return _("%(name)s is not a member of %(organization)s.") % {
            "name": member.full_name, "organization": organization.name,
        }
    refusal = rules.standing_refusal(*(status or (member.membership, member.situation)))
    if refusal is None:
        return None
    message = (
        _("%(name)s is %(status)s on the congress date and may not stand for election.") if status is not None
        else _("%(name)s is %(status)s and may not stand for election.")
    )
    return message % {"name": member.full_name, "status": refusal_label(refusal).lower()}


def seat_problem(seats: list[ElectedSeat], member: Member, position: str, *, branch: bool,
                 deputy_from_committee: bool) -> tuple[str, str] | None:
    """Why `member` cannot take `position` among the congress's elected `seats`, as (field,
    message), or None. A person is elected once, but a committee member elected secretary or
    deputy moves up; one secretary; a branch has one deputy; where a committee is elected, the
    deputy comes from among it (docs/domain.md §3). Recording by hand and closing an election keep
    the same rules."""
    seat = next((s for s in seats if s.member_id == member.pk), None)
    others = [s for s in seats if s is not seat]
    if seat is not None and seat.position != position and not (
        seat.position == Position.MEMBER and position != Position.MEMBER
    ):
        return "member", _(
            "%(name)s is already among the elected (%(position)s); remove that row first to record them "
            "differently."
        ) % {"name": member.full_name, "position": seat.get_position_display().lower()}
    if position == Position.SECRETARY:
        secretary = next((s for s in others if s.position == Position.SECRETARY), None)
        if secretary is not None:
            return "position", _("The congress has already elected a secretary: %(name)s.") % {
                "name": secretary.member.full_name,
            }
    if position == Position.DEPUTY_SECRETARY:
        deputy = next((s for s in others if s.position == Position.DEPUTY_SECRETARY), None)
        if deputy is not None and branch:
            return "position", _("A branch elects one deputy secretary: %(name)s is recorded.") % {
                "name": deputy.member.full_name,
            }
        if seat is None and deputy_from_committee:
            return "member", _(
                "%(name)s is not among the elected committee: the deputy secretary is elected from among the "
                "committee."
            ) % {"name": member.full_name}
    return None


# --- Writes --------------------------------------------------------------------------------------


def _require_clerk(actors: set[Actor]) -> None:
    if Actor.CLERK not in actors:
        raise ValidationError(_("Only a clerk of the organisation holding the congress may do this."))


def _require_results_state(congress: Congress) -> None:
    if congress.state not in RESULTS_STATES:
        if congress.state in {rules.RATIFIED, rules.ANNULLED}:
            raise ValidationError(_("The results are decided (ratified or annulled); they can no longer change."))
        raise ValidationError(_("The results can be recorded once the congress is held."))


def _details(congress: Congress) -> dict:
    return {"congress": congress.pk, "organization": congress.organization_id}


def elected_seat_save(
    *, acting_user, congress: Congress, actors: set[Actor], member: Member, position: str, votes: int | None = None,
) -> ElectedSeat:
    """Record that the congress elected `member` to `position` (with `votes` if known), for
    what no ballot recorded here fills (hand_entry_problem: the elections' count is read-only).

    A person is elected once. Choosing a committee member again as secretary or deputy records
    that the committee elected them from among its members; choosing the same position again
    corrects the votes. One secretary; a branch has one deputy; where a committee is elected,
    the deputy comes from among it (docs/domain.md §3); a branch with fewer than 9 official
    members has no committee member (committee_problem).
    """
    _require_clerk(actors)
    if position not in Position.values:
        raise ValidationError({"position": _("Choose a position.")})
    if votes is not None and votes < 0:
        raise ValidationError({"votes": _("Votes cannot be negative.")})
    with transaction.atomic(durable=True):
        congress = locked(congress)
        _require_results_state(congress)
        problem = standing_problem(member, congress.organization)
        if problem:
            raise ValidationError({"member": problem})
        seats = list(congress.elected.select_related("member"))
        from_ballot = seats_from_ballot(congress)
        problem = hand_entry_problem(seats, member, position, from_ballot)
        if problem:
            raise ValidationError(dict([problem]))
        official = official_member_count(congress)
        problem = committee_problem(congress.organization.kind, official, position)
        if problem:
            raise ValidationError({"position": problem})
        problem = seat_problem(
            seats, member, position, branch=congress.organization.kind in BRANCH_KINDS,
            deputy_from_committee=elects_committee(congress.organization.kind, official),
        )
        if problem:
            raise ValidationError(dict([problem]))
        seat = next((s for s in seats if s.member_id == member.pk), None)
        if seat is None:
            seat = ElectedSeat(congress=congress, member=member)
        elif seat.position in from_ballot and votes is not None and votes != seat.votes:
            raise ValidationError({"votes": _(
                "%(name)s's votes are those the ballot counted (%(votes)s): they cannot be changed by hand."
            ) % {"name": member.full_name, "votes": seat.votes}})
        seat.position = position
        seat.votes = votes if votes is not None else seat.votes
        seat.full_clean()
        with audited(acting_user, "congress.elected.saved", **_details(congress)):
            seat.save()
    return seat


def elected_seat_remove(*, acting_user, seat: ElectedSeat, actors: set[Actor]) -> ElectedSeat | None:
    """Remove a row recorded by hand (None once it is gone). A seat a ballot recorded here
    filled is refused (hand_entry_problem); a committee member the ballot elected whom the
    clerk moved up to secretary or deputy goes back to the committee instead of leaving the
    elected (the row kept is returned)."""
    _require_clerk(actors)
    with transaction.atomic(durable=True):
        congress = locked(seat.congress)
        _require_results_state(congress)
        seat = ElectedSeat.objects.select_related("member").filter(pk=seat.pk, congress=congress).first()
        if seat is None:
            raise ValidationError(_("This person is no longer among the elected."))
        from_ballot = seats_from_ballot(congress)
        if seat.position in from_ballot:
            raise ValidationError(_(
                "The elected come from the ballot recorded in the congress's elections and its vote-count minutes: "
                "they cannot be added, changed or removed by hand."
            ))
        with audited(acting_user, "congress.elected.removed", **_details(congress)):
            if Position.MEMBER in from_ballot:
                seat.position = Position.MEMBER
                seat.save(update_fields=["position"])
                return seat
            seat.delete()
    return None


def dossier_file_add(*, acting_user, congress: Congress, actors: set[Actor], kind: str, upload) -> DossierFile:
    """Put an uploaded file into the results dossier as `kind` (the items not filled by the
    congress's documents). The file is written before the row and removed again if the row
    cannot be saved: no orphan row, no file written under a lock."""
    _require_clerk(actors)
    if kind not in UPLOADED_KINDS:
        raise ValidationError({"kind": _("This item comes from the congress's issued documents, not from an upload.")})
    upload.seek(0)
    problem = upload_problem(upload.name, upload.size, upload.read(16))
    upload.seek(0)
    if problem:
        raise ValidationError({"file": problem})
    _require_results_state(congress)  # refuse early, before writing anything
    row = DossierFile(congress=congress, kind=kind, uploaded_by=acting_user)
    name = default_storage.save(
        dossier_upload_to(row, safe_filename(upload.name)), upload, max_length=DossierFile._meta.get_field("file").max_length,
    )
    try:
        with transaction.atomic(durable=True):
            congress = locked(congress)
            _require_results_state(congress)
            row.congress = congress
            row.file.name = name
            row.full_clean()
            with audited(acting_user, "congress.dossier.uploaded", **_details(congress)):
                row.save()
    except BaseException:
        default_storage.delete(name)
        raise
    return row


def dossier_file_remove(*, acting_user, dossier_file: DossierFile, actors: set[Actor]) -> None:
    """Remove a file from the dossier; the stored file goes once the removal is committed."""
    _require_clerk(actors)
    with transaction.atomic(durable=True):
        congress = locked(dossier_file.congress)
        _require_results_state(congress)
        name = dossier_file.file.name
        with audited(acting_user, "congress.dossier.removed", **_details(congress)):
            DossierFile.objects.filter(pk=dossier_file.pk).delete()
        transaction.on_commit(lambda: default_storage.delete(name))


def _require_superior_clerk(actors: set[Actor]) -> None:
    if Actor.SUPERIOR_CLERK not in actors:
        raise ValidationError(_("Only a clerk of the superior organisation records and settles complaints."))


def _not_in_future(day, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def complaint_record(
    *, acting_user, congress: Congress, actors: set[Actor], received_on, summary: str,
) -> Complaint:
    """A complaint about the congress reached the superior: ratification waits until it is
    settled (the condition complaints_settled)."""
    _require_superior_clerk(actors)
    _not_in_future(received_on, "received_on")
    with transaction.atomic(durable=True):
        congress = locked(congress)
        if congress.state not in COMPLAINT_STATES:
            if congress.state == rules.ANNULLED:
                raise ValidationError(_("The congress is annulled; there is nothing left to complain about."))
            raise ValidationError(_("Complaints about the results are recorded once the congress is held."))
        complaint = Complaint(
            congress=congress, received_on=received_on, summary=summary.strip(), recorded_by=acting_user,
        )
        complaint.full_clean(exclude=["recorded_by"])
        with audited(acting_user, "congress.complaint.recorded", **_details(congress)):
            complaint.save()
    return complaint


def complaint_settle(
    *, acting_user, complaint: Complaint, actors: set[Actor], settled_on, settlement: str,
) -> Complaint:
    _require_superior_clerk(actors)
    _not_in_future(settled_on, "settled_on")
    with transaction.atomic(durable=True):
        complaint = Complaint.objects.select_for_update().select_related("congress").get(pk=complaint.pk)
        if complaint.settled_on is not None:
            raise ValidationError(_("This complaint is already settled."))
        if settled_on < complaint.received_on:
            raise ValidationError({"settled_on": _("A complaint cannot be settled before it was received (%(date)s).") % {
                "date": complaint.received_on.strftime("%d/%m/%Y"),
            }})
        if not settlement.strip():
            raise ValidationError({"settlement": _("Say how the complaint was settled.")})
        complaint.settled_on = settled_on
        complaint.settlement = settlement.strip()
        complaint.full_clean(exclude=["recorded_by"])
        with audited(acting_user, "congress.complaint.settled", **_details(complaint.congress)):
            complaint.save(update_fields=["settled_on", "settlement"])
    return complaint


# --- The summary list of the elected (danh sách trích ngang) -------------------------------------

SUMMARY_SHEET = "Danh sách trích ngang"
SUMMARY_COLUMNS = (
    ("STT", 6), ("Họ và tên", 28), ("Chức vụ trúng cử", 18), ("Giới tính", 9), ("Ngày sinh", 12),
    ("Dân tộc", 10), ("Ngày vào Đảng", 14), ("Ngày chính thức", 14), ("Chức vụ, nghề nghiệp", 30),
    ("Số phiếu", 9), ("Tái cử / mới", 12),
)
POSITION_WORDS = {Position.SECRETARY: "Bí thư", Position.DEPUTY_SECRETARY: "Phó Bí thư", Position.MEMBER: "Cấp ủy viên"}


def summary_list_workbook(congress: Congress) -> bytes:
    """The elected with their particulars, in the order of the decision, as an Excel workbook.
    "Tái cử" (re-elected) when the person sat on the organisation's committee in the term
    before the plan's, "Mới" otherwise: derived, never typed (docs/domain.md §1)."""
    seats = elected_seats(congress)
    term = congress.plan.term
    previous = Term.objects.filter(start_year__lt=term.start_year).order_by("-start_year", "-end_year").first()
    sat_before = set()
    if previous is not None and seats:
        sat_before = set(
            CommitteeSeat.objects.filter(
                organization=congress.organization, term=previous, member__in=[s.member_id for s in seats],
            ).values_list("member_id", flat=True)
        )
    workbook = spreadsheets.Workbook()
    sheet = workbook.active
    sheet.title = SUMMARY_SHEET
    sheet.append([f"DANH SÁCH TRÍCH NGANG CẤP ỦY {congress.organization.name.upper()}, NHIỆM KỲ {term}"])
    sheet.append([congress.name])
    sheet.append([])
    sheet["A1"].font = Font(bold=True)
    sheet.append([header for header, _width in SUMMARY_COLUMNS])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, (_header, width) in enumerate(SUMMARY_COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A5"
    for number, seat in enumerate(seats, 1):
        member = seat.member
        sheet.append([
            number, member.full_name, POSITION_WORDS[seat.position] + (" (chỉ định)" if seat.appointed else ""),
            GENDER_WORDS.get(member.gender, member.gender),
            member.date_of_birth, member.ethnicity, member.joined_on, member.official_on, member.occupation,
            seat.votes, "Tái cử" if member.pk in sat_before else "Mới",
        ])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    return spreadsheets.as_bytes(workbook)
