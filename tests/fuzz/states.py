"""For every URL of the permission matrix that takes a POST: the state in which its form is
live, who may post there, and a payload it accepts (docs/architecture.md "The fuzz test").

The world starts as the permission matrix's (a draft document of branch A, the superior's
issued plan, branch A's congress just planned, ...); each state below moves its object on to
where the form is accepted (a submitted document for "approve", an election open for voting
for "key a ballot"...) through the project's builders and services.
"""

import dataclasses
from collections.abc import Callable

from branches.tests.permissions import EDIT, RESTRUCTURE, VIEW
from congress.tests.needs import LEAD, SUPERIOR_CLERK, SUPERIOR_EDIT, SUPERIOR_STAFF, SUPERIOR_VIEW


def _post_urls() -> dict:
    from tests.test_permissions import MATRIX, URLS  # noqa: PLC0415 (the matrix walks the URLconf)

    return {name: MATRIX[name] for name, _, _ in URLS if MATRIX[name][2] is not None}


@dataclasses.dataclass
class World:
    superior: object
    branch_a: object
    branch_b: object
    member_a: object
    member_b: object
    branch_clerk: object
    superior_clerk: object
    superior_leader: object
    targets: dict

    def user_for(self, need: str):
        """A user the matrix allows to post with `need`."""
        if need in {EDIT, VIEW}:
            return self.branch_clerk
        if need == LEAD:
            return self.superior_leader
        assert need in {RESTRUCTURE, SUPERIOR_VIEW, SUPERIOR_EDIT, SUPERIOR_CLERK, SUPERIOR_STAFF}, need
        return self.superior_clerk


@dataclasses.dataclass
class Live:
    user: object
    target: object
    valid: dict
    # What must go through the client first (an upload the session remembers), signed in as
    # `user`: returns the fields to add to `valid` (a token).
    through_client: Callable | None = None


STATES: dict[str, Callable[[World], Live]] = {}


def live(name: str):
    """Registers the state of `name`: a function of the world that returns the target (moved to
    its live state) and a payload the form accepts, or (user, target, payload)."""
    def register(build):
        def state(world: World) -> Live:
            target_name, _get, need = POST_URLS[name]
            built = build(world, world.targets[target_name])
            if isinstance(built, Live):
                return built
            if len(built) == 3:
                return Live(*built)
            target, valid = built
            return Live(world.user_for(need), target, valid)
        STATES[name] = state
        return build
    return register


POST_URLS = _post_urls()


def as_is(*names):
    """URLs whose matrix target is already live, posted with an empty payload (the fuzz finds
    the fields through what the view reads)."""
    for name in names:
        live(name)(lambda world, target: (target, {}))


as_is(
    "organization_create", "organization_update", "organization_move", "member_create", "member_import",
    "committee_list", "committee_seat_delete", "member_update", "member_transfer",
    "attached_member_create", "attached_member_update", "attached_member_delete",
    "document_create", "document_template_create", "document_template_update", "document_update", "document_edit",
    "document_open_comments", "document_submit", "document_render", "document_body_clean",
    "plan_create", "plan_update", "plan_scope", "plan_guidance", "working_group_create", "working_group_update",
    "working_group_delete", "congress_ordinal", "congress_kind", "congress_schedule", "congress_guests",
    "congress_guest_delete", "congress_debrief", "congress_agenda", "congress_targets", "target_edit",
    "target_delete", "personnel_plan_edit", "personnel_plan_nominee_remove", "personnel_plan_step",
    "plan_work_add", "congress_work_add", "work_edit", "work_delete", "plan_award_add",
    "award_edit", "award_delete",
)


# --- States beyond the matrix's: each moves its object to where the form is accepted ---------


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _congress_at(world: World, state: str, **fields):
    """Branch A's congress put in `state`; on its day (today) unless `fields` say otherwise."""
    from congress.models import Congress
    from congress.tests.builders import put_in_state
    from congress.tests.needs import CONGRESS

    fields.setdefault("scheduled_on", _today())
    if state in {"held", "results_reported", "ratified"}:
        fields.setdefault("held_on", _today())
    congress = world.targets[CONGRESS]
    put_in_state(congress, state, **fields)
    return Congress.objects.get(pk=congress.pk)


def _document_in(world: World, *moves):
    """The matrix's draft of branch A (written to be fit to sign) moved through `moves`."""
    from congress.tests.builders import PLAN_BODY
    from documents.rules import Actor, Move
    from documents.services.documents import document_move, document_save_body, document_update

    document = world.targets["document"]
    document_save_body(acting_user=world.branch_clerk, document=document, body=PLAN_BODY)
    document_update(acting_user=world.branch_clerk, document=document, signer_name="Nguyễn Văn Trung")
    for move in moves:
        leader = move in {Move.APPROVE, Move.RETURN}
        document = document_move(
            acting_user=world.superior_leader if leader else world.branch_clerk, document=document, move=move,
            actors={Actor.LEADER} if leader else {Actor.CLERK},
        )
    return document


def _documents():
    from documents.rules import Move

    return Move


@live("document_close_comments")
def _(world, target):
    Move = _documents()
    return _document_in(world, Move.OPEN_COMMENTS), {}


@live("document_approve")
def _(world, target):
    Move = _documents()
    return _document_in(world, Move.SUBMIT), {"comment": "Đồng ý"}


@live("document_return")
def _(world, target):
    Move = _documents()
    return _document_in(world, Move.SUBMIT), {"comment": "Sửa lại đoạn 2"}


@live("document_issue")
def _(world, target):
    Move = _documents()
    return _document_in(world, Move.SUBMIT, Move.APPROVE), {}


@live("document_supersede")
def _(world, target):
    from documents.rules import Actor
    from documents.services.documents import document_issue

    Move = _documents()
    document = _document_in(world, Move.SUBMIT, Move.APPROVE)
    # Issuing numbers the document: its own service, not a move.
    return document_issue(acting_user=world.branch_clerk, document=document, actors={Actor.CLERK}), {}


@live("comment_create")
def _(world, target):
    Move = _documents()
    return _document_in(world, Move.OPEN_COMMENTS), {"body": "Góp ý: thêm số liệu", "paragraph": "1"}


@live("comment_answer")
def _(world, target):
    return target, {"response": "accepted", "reply": "Đã tiếp thu"}


@live("document_import_docx")
def _(world, target):
    import io

    import docx

    from .payloads import Upload

    buffer = io.BytesIO()
    word = docx.Document()
    word.add_paragraph("Nghị quyết chi bộ")
    word.save(buffer)
    return target, {"file": Upload("nghi-quyet.docx", buffer.getvalue(),
                                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}


@live("organization_set_active")
def _(world, target):
    from branches.tests.factories import OrganizationFactory

    # Branch A has members (a branch with members is refused): an empty branch beside it.
    return OrganizationFactory(parent=world.superior, name="Chi bộ thôn mới", kind="branch"), {"active": "0"}


@live("target_move")
def _(world, target):
    from congress.models import Target

    Target.objects.create(congress=target.congress, label="kết nạp đảng viên mới", comparison="above", value=2,
                          unit="đảng viên")
    return target, {"direction": "down"}


@live("congress_move")
def _(world, target):
    return target, {"move": "start_preparing"}


@live("congress_document_create")
def _(world, target):
    return _congress_at(world, "preparing"), {"role": "political_report"}


@live("congress_attendance_draw")
def _(world, target):
    return _congress_at(world, "preparing"), {}


def _reviewed_with_attendance(world):
    from elections.tests.builders_elections import reviewed_congress_with_attendance

    congress = _congress_at(world, "reviewed")
    return reviewed_congress_with_attendance(congress, world.branch_clerk, officials=9)


@live("congress_attendance")
def _(world, target):
    congress = _reviewed_with_attendance(world)
    row = congress.attendance.first()
    return congress, {f"present_{row.pk}": "on"}


@live("congress_votes")
def _(world, target):
    return _reviewed_with_attendance(world), {}


def _base(congress) -> int:
    from congress.services.votes import congress_count

    return congress_count(congress).base


@live("congress_resolution")
def _(world, target):
    from congress.tests.test_day_resolution import draft_resolution
    from documents.models import Document

    congress = _reviewed_with_attendance(world)
    document = draft_resolution(congress, world.branch_clerk, world.superior_leader)
    Document.objects.filter(pk=document.pk).update(signer_name="Nguyễn Văn An")
    return congress, {"votes_for": str(_base(congress)), "votes_against": "0", "document_date": str(_today())}


@live("congress_minutes_draft")
def _(world, target):
    return _reviewed_with_attendance(world), {}


@live("congress_minutes_issue")
def _(world, target):
    from congress.services.minutes import minutes_draft

    congress = _reviewed_with_attendance(world)
    minutes_draft(acting_user=world.branch_clerk, congress=congress)
    return congress, {"document_date": str(_today())}


@live("congress_delegate_add")
def _(world, target):
    from branches.tests.factories import MemberFactory

    congress = _congress_at(world, "preparing", kind="delegates")
    return congress, {"member": str(MemberFactory(organization=world.branch_a).pk)}


@live("congress_delegate_remove")
def _(world, target):
    from congress.services.attendance import attendance_draw

    from branches.tests.factories import MemberFactory
    from congress.services.attendance import delegate_add

    congress = _congress_at(world, "preparing", kind="delegates")
    attendance_draw(acting_user=world.branch_clerk, congress=congress)
    row = delegate_add(acting_user=world.branch_clerk, congress=congress,
                       member=MemberFactory(organization=world.branch_a))
    return congress, {"row": str(row.pk)}


def _held(world, **fields):
    return _congress_at(world, "held", **fields)


for _name in ("congress_elected", "congress_dossier", "congress_target_results", "congress_complaints"):
    live(_name)(lambda world, target: (_held(world), {}))


def _held_without_ballots(world):
    """Held, its elected entered by hand: the congress's elections were not recorded here (a
    ballot recorded here fills its seats, which are then not entered nor removed by hand)."""
    congress = _held(world)
    congress.elections.all().delete()
    return congress


@live("congress_elected_delete")
def _(world, target):
    _held_without_ballots(world)
    return target, {}


@live("congress_secretary_appoint")
def _(world, target):
    congress = _held_without_ballots(world)
    congress.elected.filter(position="secretary").delete()
    return congress, {"member": str(world.member_a.pk), "on": str(_today())}


@live("congress_dossier_delete")
def _(world, target):
    _held(world)
    return target, {}


@live("congress_complaint_settle")
def _(world, target):
    _held(world)
    return target, {"settled_on": str(_today()), "settlement": "Đã trả lời đương sự"}


@live("congress_annul")
def _(world, target):
    return _held(world), {"reason": "Vi phạm nguyên tắc bầu cử", "on": str(_today())}


@live("congress_ratify")
def _(world, target):
    return _congress_at(world, "results_reported"), {"on": str(_today())}


@live("congress_debrief_publish")
def _(world, target):
    from congress.models import Debrief

    congress = _held(world)
    Debrief.objects.create(congress=congress, lessons="Chuẩn bị văn kiện sớm", recorded_by=world.superior_clerk)
    return congress, {}


@live("congress_resolution_redraft")
def _(world, target):
    from congress.tests.test_day_resolution import draft_resolution

    congress = _reviewed_with_attendance(world)
    draft_resolution(congress, world.branch_clerk)
    return congress, {}


@live("review_schedule")
def _(world, target):
    return _congress_at(world, "submitted"), {"starts_at": f"{_today()} 08:00", "place": "Hội trường"}


@live("review_return")
def _(world, target):
    return _congress_at(world, "reviewed"), {"comment": "Bổ sung báo cáo chính trị"}


@live("review_decide")
def _(world, target):
    _congress_at(world, "submitted")
    return target, {}


@live("review_conclude")
def _(world, target):
    from congress.rules import Actor
    from congress.services.reviews import review_decide, review_items
    from congress.tests.needs import CONGRESS
    from congress.tests.test_review_services import submit
    from elections.tests.builders_personnel import submitted_plan

    # Submitted with its documents (the review's items), a decision on each: one to revise, so
    # that concluding returns the congress to preparation (which needs no approved plan).
    congress = world.targets[CONGRESS]
    congress.personnel_plans.all().delete()  # the matrix's draft plan, not ready for review
    submitted_plan(congress, clerk=world.branch_clerk)
    congress = submit(congress, world.branch_clerk)
    items = [item.key for item in review_items(congress)]
    decisions = {key: ("approved", "") for key in items} | {items[0]: ("revise", "Bổ sung số liệu")}
    review_decide(acting_user=world.superior_leader, session=target, decisions=decisions,
                  actors={Actor.SUPERIOR_LEADER})
    return target, {}


@live("personnel_plan_create")
def _(world, target):
    target.personnel_plans.all().delete()
    return target, {}


@live("personnel_plan_nominee_add")
def _(world, target):
    from branches.tests.factories import MemberFactory

    from elections.forms.personnel import nominee_role_choices

    role = nominee_role_choices(target)[0][0]
    return target, {"member": str(MemberFactory(organization=world.branch_a).pk), "role": role}


def _fresh_plan(world, build):
    from congress.tests.needs import CONGRESS

    congress = world.targets[CONGRESS]
    congress.personnel_plans.all().delete()
    return build(congress)


@live("personnel_plan_submit")
def _(world, target):
    from elections.tests.builders_personnel import complete_plan

    return _fresh_plan(world, lambda c: complete_plan(c, clerk=world.branch_clerk)), {}


@live("personnel_plan_approve")
def _(world, target):
    from elections.tests.builders_personnel import submitted_plan

    return _fresh_plan(world, lambda c: submitted_plan(c, clerk=world.branch_clerk)), {"comment": "Đồng ý"}


@live("personnel_plan_return")
def _(world, target):
    from elections.tests.builders_personnel import submitted_plan

    return _fresh_plan(world, lambda c: submitted_plan(c, clerk=world.branch_clerk)), {"comment": "Bổ sung nữ"}


@live("personnel_plan_revise")
def _(world, target):
    from elections.tests.builders_personnel import approved_plan

    plan = _fresh_plan(world, lambda c: approved_plan(c, clerk=world.branch_clerk, leader=world.superior_leader))
    return plan, {}


@live("plan_issue")
def _(world, target):
    from congress.tests.builders import PLAN_BODY
    from documents.rules import Actor, Move
    from documents.services.documents import document_move, document_save_body, document_update

    from branches.tests.factories import OrganizationFactory

    # The matrix's branches have their congresses already: a committee of their own, below the superior.
    superior = OrganizationFactory(parent=world.superior, name="Đảng bộ xã mới", kind="grassroots_committee")
    OrganizationFactory(parent=superior, name="Chi bộ thôn 1", kind="branch")
    from congress.services.plans import plan_create
    from congress.tests.builders import HELD_BY

    plan = plan_create(acting_user=world.superior_clerk, organization=superior, term=target.term,
                       subject="Kế hoạch tổ chức đại hội", congresses_held_by=HELD_BY, pilots_held_by=None)
    document_save_body(acting_user=world.superior_clerk, document=plan.document, body=PLAN_BODY)
    document_update(acting_user=world.superior_clerk, document=plan.document, signer_name="Nguyễn Văn Trung")
    document_move(acting_user=world.superior_clerk, document=plan.document, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=world.superior_leader, document=plan.document, move=Move.APPROVE, actors={Actor.LEADER})
    return plan, {}


@live("plan_report_draft")
def _(world, target):
    from reporting.tests.builders import held

    held(world.targets["congress"], world.branch_a, elected=0)
    return target, {}


# --- Elections: the congress on its day (reviewed), the election in the state its form needs --


def _election_day(world, election):
    _reviewed_with_attendance(world)
    election.refresh_from_db()
    return election


@live("election_candidates_from_plan")
def _(world, target):
    from branches.tests.factories import MemberFactory
    from elections.models import NomineeRole
    from elections.tests.builders_elections import approved_plan

    election = _election_day(world, target)
    nominee = MemberFactory(organization=world.branch_a, status="official")
    approved_plan(election.congress, world.branch_clerk, alternates_planned=1,
                  nominees=[(nominee, NomineeRole.ALTERNATE_DELEGATE)])
    return election, {}


@live("election_open")
def _(world, target):
    from congress.services.votes import congress_count

    election = _election_day(world, target)
    count = congress_count(election.congress)
    # The list is approved by more than half of the base: every voter present agrees.
    return election, {"list_votes_for": str(count.voters), "list_votes_against": "0",
                      "ballots_issued": str(count.voters), "absent_at_voting": "0"}


@live("election_candidate_add")
def _(world, target):
    from branches.tests.factories import MemberFactory

    election = _election_day(world, target)
    return election, {"member": str(MemberFactory(organization=world.branch_a).pk), "agreeing": "5"}


@live("election_candidate_withdraw")
def _(world, target):
    election = _election_day(world, target)
    election.candidates.update(admitted=True)
    return election, {"candidate": str(election.candidates.first().pk), "votes_for": "6", "reason": "Sức khỏe"}


@live("election_candidate_remove")
def _(world, target):
    election = _election_day(world, target)
    return election, {"candidate": str(election.candidates.first().pk)}


@live("election_decide")
def _(world, target):
    from elections.tests.builders_elections import close_round

    from elections.models import ElectionOutcome

    election = _election_day(world, target)
    election.candidates.update(admitted=True)
    # Nobody elected in the first round of delegates: they are voted for again.
    close_round(election, {c.member: 3 for c in election.candidates.all()}, base=_base(election.congress))
    return election, {"outcome": ElectionOutcome.FURTHER_ROUND, "note": "Đại hội quyết định bầu vòng 2",
                      "candidates": [str(c.pk) for c in election.candidates.all()],
                      "votes_for": str(_base(election.congress))}


live("election_key")(lambda world, target: (_election_day(world, target), {"serial": "1", "reading": "1"}))


def _without_elections(world):
    """On its day, none of the matrix's elections set up (each builder below sets up its own)."""
    congress = _reviewed_with_attendance(world)
    congress.elections.all().delete()
    return congress


def _voting(world, mode):
    from elections.tests.builders_counting import voting_election

    congress = _without_elections(world)
    return voting_election(congress=congress, created_by=world.branch_clerk, counting_mode=mode,
                           congress_state=None, summoned=_base(congress), present=_base(congress))


@live("election_totals")
def _(world, target):
    from elections.models import CountingMode

    election = _voting(world, CountingMode.TOTALS)
    figures = {f"candidate_{c.pk}": "5" for c in election.candidates.all()}
    return election, {"returned": "9", "valid": "9", **figures}


@live("election_close")
def _(world, target):
    from elections.models import CountingMode
    from elections.tests.builders_counting import key_all

    election = _voting(world, CountingMode.KEYED)
    for operator in (world.branch_clerk, world.superior_clerk):  # every ballot keyed twice, in agreement
        key_all(election, operator, {1: [1]})
    return election, {}


@live("congress_elections")
def _(world, target):
    from elections.tests.builders_elections import approved_plan

    # A plan electing a committee: its election is the next to set up.
    congress = _without_elections(world)
    approved_plan(congress, world.branch_clerk, committee_size=3)
    return congress, {"kind": "committee", "seats": "3", "counting_mode": "keyed"}


for _name in ("election_minutes_draft", "election_minutes_issue", "election_entry_log_draft"):
    live(_name)(lambda world, target: (_election_day(world, target), {}))


@live("election_entry_log_issue")
def _(world, target):
    from elections.services.minutes import election_entry_log_draft
    from elections.tests.builders_minutes import closed_election, counting_board, headed_by, log_lines

    from congress.models import Congress

    congress = _without_elections(world)
    Congress.objects.filter(pk=congress.pk).update(venue="Nhà văn hóa TDP")  # the minutes say where
    election = closed_election(congress, created_by=world.branch_clerk, state_of_congress=None)
    counting_board(congress, recorded_by=world.branch_clerk)
    election = headed_by(election)
    log_lines(election, operators=[world.branch_clerk, world.superior_clerk, world.superior_leader])
    election_entry_log_draft(acting_user=world.branch_clerk, election=election)
    return election, {}


# The matrix's import job is checked and waits for confirmation: the live state of its confirm.
as_is("member_import_job_confirm")
