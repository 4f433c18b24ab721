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


STATES: dict[str, Callable[[World], Live]] = {}


def live(name: str):
    """Registers the state of `name`: a function of the world that returns the target (moved to
    its live state) and a payload the form accepts, or (user, target, payload)."""
    def register(build):
        def state(world: World) -> Live:
            target_name, _get, need = POST_URLS[name]
            built = build(world, world.targets[target_name])
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
    "member_import_confirm", "committee_list", "committee_seat_delete", "member_update", "member_transfer",
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
    from documents.services.documents import document_move

    Move = _documents()
    document = _document_in(world, Move.SUBMIT, Move.APPROVE)
    from documents.rules import Actor

    document = document_move(acting_user=world.branch_clerk, document=document, move=Move.ISSUE, actors={Actor.CLERK})
    return document, {}


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


@live("congress_resolution")
def _(world, target):
    return _reviewed_with_attendance(world), {}


@live("congress_minutes_draft")
def _(world, target):
    return _reviewed_with_attendance(world), {}


@live("congress_minutes_issue")
def _(world, target):
    return _reviewed_with_attendance(world), {}


@live("congress_delegate_add")
def _(world, target):
    from branches.tests.factories import MemberFactory

    congress = _congress_at(world, "preparing", kind="delegates")
    return congress, {"member": str(MemberFactory(organization=world.branch_a).pk)}


@live("congress_delegate_remove")
def _(world, target):
    from congress.services.attendance import attendance_draw

    congress = _congress_at(world, "preparing", kind="delegates")
    attendance_draw(acting_user=world.branch_clerk, congress=congress)
    row = congress.attendance.first()
    return congress, {"row": str(row.pk) if row else "1"}


def _held(world, **fields):
    return _congress_at(world, "held", **fields)


for _name in ("congress_elected", "congress_dossier", "congress_target_results", "congress_secretary_appoint",
              "congress_complaints"):
    live(_name)(lambda world, target: (_held(world), {}))


@live("congress_elected_delete")
def _(world, target):
    _held(world)
    return target, {}


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
    return _held(world), {}


@live("congress_resolution_redraft")
def _(world, target):
    return _reviewed_with_attendance(world), {}


@live("review_schedule")
def _(world, target):
    return _congress_at(world, "submitted"), {"starts_at": f"{_today()} 08:00", "place": "Hội trường"}


@live("review_return")
def _(world, target):
    return _congress_at(world, "submitted"), {"comment": "Bổ sung báo cáo chính trị"}


@live("review_decide")
def _(world, target):
    _congress_at(world, "submitted")
    return target, {}


@live("review_conclude")
def _(world, target):
    from elections.tests.builders_personnel import approved_plan

    congress = _congress_at(world, "submitted")
    congress.personnel_plans.all().delete()
    approved_plan(congress, clerk=world.branch_clerk, leader=world.superior_leader)
    return target, {}


@live("personnel_plan_create")
def _(world, target):
    target.personnel_plans.all().delete()
    return target, {}


@live("personnel_plan_nominee_add")
def _(world, target):
    from branches.tests.factories import MemberFactory

    return target, {"member": str(MemberFactory(organization=world.branch_a).pk), "role": "committee"}


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


for _name, _payload in (
    ("election_candidates_from_plan", {}),
    ("election_open", {"list_votes_for": "9", "list_votes_against": "0", "ballots_issued": "9",
                       "absent_at_voting": "0"}),
):
    live(_name)(lambda world, target, _payload=_payload: (_election_day(world, target), _payload))


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

    election = _election_day(world, target)
    close_round(election, {c.member: 3 for c in election.candidates.all()}, base=9)
    return election, {"outcome": "complete", "note": "Đại hội quyết định", "votes_for": "9"}


for _name, _payload in (("election_key", {"serial": "1", "reading": "1"}), ("election_totals", {}),
                        ("election_close", {})):
    live(_name)(lambda world, target, _payload=_payload: (_election_day(world, target), _payload))


live("congress_elections")(lambda world, target: (_reviewed_with_attendance(world), {}))


for _name in ("election_minutes_draft", "election_minutes_issue", "election_entry_log_draft",
              "election_entry_log_issue"):
    live(_name)(lambda world, target: (_election_day(world, target), {}))
