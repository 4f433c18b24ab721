"""A demo congress round for Đảng bộ phường Kỳ Trinh (after seed_demo and seed_demo_documents):
its plan for the 2025–2030 term, issued, with one pilot, and its eleven branches at every stage
of the round, from a pilot ratified and debriefed to branches that have not started. Everything
goes through the services with the demo users, so the history, the numbers and the PDFs are
those the product makes.

Dates are relative to the day it runs, so the dashboard always shows a round in progress. Runs
once: a second run finds the plan and changes nothing.
"""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from branches.management.demo import DemoCommand
from branches.models import Organization, Term
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import document_issue, document_move, document_save_body, document_update

# A demo command is wiring, like the root URLconf: it may reach the elections app above the
# congress round, to give the demo congresses the personnel plans their review needs and to
# hold their elections.
from elections import demo as demo_elections
from elections.models import NomineeRole
from elections.services import personnel

from ...models import CongressDocumentRole, DossierKind, Plan, ReviewMode, VoteSubject
from ...rules import Actor, Move
from ...services import attendance, congresses, minutes, moves, plans, ratification, results, reviews, votes
from ...services import resolution
from ... import demo_targets, demo_texts

# The secretary's summary of the discussion in the demo congresses' minutes (docs/domain.md §4a).
DISCUSSION = (
    "Đại hội đã nghe 04 ý kiến tham luận, thảo luận về kết quả thực hiện nghị quyết nhiệm kỳ qua, công tác "
    "phát triển đảng viên và nhiệm vụ của chi bộ trong nhiệm kỳ tới; các ý kiến thống nhất cao với báo cáo chính trị.\n"
    "Đồng chí chủ trì Đại hội tiếp thu, giải trình các ý kiến và đưa vào dự thảo nghị quyết Đại hội."
)

logger = logging.getLogger(__name__)

COMMITTEE = "Đảng bộ phường Kỳ Trinh"
TERM = (2025, 2030)
PILOT = "Chi bộ Quyền Thượng"
# The congress in preparation whose personnel plan is still a draft (the other has none yet).
DRAFT_PERSONNEL_PLAN = "Chi bộ TDP Hoàng Trinh"
# The congress whose ballots two operators key (the clerk and this branch clerk); the other
# congresses enter the counting board's totals.
KEYED_BALLOTS = ("Chi bộ Công an", "nhapphieu")
PLAN_BODY = (
    "<p>Thực hiện Chỉ thị của Bộ Chính trị về đại hội đảng bộ các cấp và hướng dẫn của Ban Thường vụ "
    "Thị ủy, Đảng ủy phường xây dựng kế hoạch tổ chức đại hội các chi bộ trực thuộc nhiệm kỳ 2025–2030.</p>"
    "<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>"
    "<p>Đại hội chi bộ đánh giá kết quả thực hiện nghị quyết nhiệm kỳ qua, xác định phương hướng, mục tiêu, "
    "nhiệm vụ nhiệm kỳ 2025–2030; bầu chi ủy, bí thư, phó bí thư đủ phẩm chất, năng lực, uy tín.</p>"
    "<p><b>II. THỜI GIAN</b></p>"
    "<p>Chi bộ Quyền Thượng tổ chức đại hội điểm; các chi bộ còn lại tổ chức sau khi rút kinh nghiệm.</p>"
)


@dataclass(frozen=True)
class Stage:
    """How far a branch's congress has come, and its date relative to today."""

    state: str
    days: int  # the congress date, in days from today


# Where each branch stands. Those not named have not started (planned).
STAGES = {
    PILOT: Stage("ratified", -30),
    "Chi bộ Trạm Y tế": Stage("results_reported", -9),
    "Chi bộ Công an": Stage("held", -4),
    "Chi bộ Quân sự": Stage("reviewed", 3),
    "Chi bộ TDP Hòa Lộc": Stage("submitted", 8),
    "Chi bộ TDP Hoàng Trinh": Stage("preparing", 14),
    "Chi bộ TDP Quyền Hành": Stage("preparing", 20),
}
ORDER = ["preparing", "submitted", "reviewed", "held", "results_reported", "ratified"]


class Command(DemoCommand):
    help = "Load a demo congress round for Đảng bộ phường Kỳ Trinh (once; after seed_demo)."

    def handle(self, *args, **options):
        User = get_user_model()
        committee = Organization.objects.filter(name=COMMITTEE).first()
        users = {u.username: u for u in User.objects.filter(username__in=["vanphong", "lanhdao", KEYED_BALLOTS[1]])}
        term = Term.objects.filter(start_year=TERM[0], end_year=TERM[1]).first()
        if committee is None or term is None or len(users) < 3:
            self.stdout.write("No demo tree (run seed_demo first): no demo congress round loaded.")
            return
        if Plan.objects.filter(organization=committee, term=term).exists():
            self.stdout.write("Demo congress round already loaded.")
            return
        self.clerk, self.leader = users["vanphong"], users["lanhdao"]
        self.operator = users[KEYED_BALLOTS[1]]
        self.today = timezone.localdate()
        plan = self._plan(committee, term)
        for congress in plan.congresses.select_related("organization", "plan", "plan__term").order_by("organization__path"):
            stage = STAGES.get(congress.organization.name)
            if stage is not None:
                self._advance(congress, stage)
        self.stdout.write(self.style.SUCCESS(
            f"Demo congress round loaded: {plan.document.symbol}, {plan.congresses.count()} congresses."
        ))

    # --- The plan ------------------------------------------------------------------------------

    def _plan(self, committee, term):
        branches = plans.default_scope(committee)
        pilot = next(b for b in branches if b.name == PILOT)
        plan = plans.plan_create(
            acting_user=self.clerk, organization=committee, term=term,
            subject="Tổ chức đại hội các chi bộ trực thuộc nhiệm kỳ 2025–2030",
            congresses_held_by=self.today + datetime.timedelta(days=45),
            pilots_held_by=self.today - datetime.timedelta(days=20), pilots=[pilot],
        )
        document = plan.document
        document_update(
            acting_user=self.clerk, document=document, document_date=self.today - datetime.timedelta(days=60),
            recipients="- Ban Thường vụ Thị ủy (b/c),\n- Các chi bộ trực thuộc,\n- Lưu VP.",
            signer_name="Nguyễn Văn Trung",
        )
        document_save_body(acting_user=self.clerk, document=document, body=PLAN_BODY)
        document_move(acting_user=self.clerk, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK})
        document_move(acting_user=self.leader, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER})
        plans.plan_issue(acting_user=self.clerk, plan=plan, actors={DocumentActor.CLERK})
        half = len(branches) // 2
        for name, followed in (("Tổ công tác số 1", branches[:half]), ("Tổ công tác số 2", branches[half:])):
            plans.working_group_save(
                acting_user=self.clerk, plan=plan, name=name, members=[self.leader], organizations=followed,
            )
        return Plan.objects.get(pk=plan.pk)

    # --- A congress, step by step --------------------------------------------------------------

    def _advance(self, congress, stage: Stage):
        reached = ORDER.index(stage.state)
        on = self.today + datetime.timedelta(days=stage.days)
        clerk, leader = self.clerk, self.leader
        congresses.congress_schedule(
            acting_user=clerk, congress=congress, scheduled_on=on,
            venue=f"Hội trường {congress.organization.name.replace('Chi bộ ', '')}",
        )
        congress = moves.congress_move(acting_user=clerk, congress=congress, move=Move.START_PREPARING, actors={Actor.CLERK})
        congresses.congress_document_create(acting_user=clerk, congress=congress, role=CongressDocumentRole.POLITICAL_REPORT)
        # The targets of the term, entered with the documents (congress.demo_targets).
        demo_targets.set_targets(acting_user=clerk, congress=congress, rows=demo_targets.NEXT_TERM)
        # Its sections written: it is approved at the review (congress.demo_texts).
        demo_texts.write_political_report(acting_user=clerk, congress=congress)
        if reached < ORDER.index("submitted"):
            if congress.organization.name == DRAFT_PERSONNEL_PLAN:
                self._personnel_plan(congress, approve=False)
            return
        congresses.congress_document_create(acting_user=clerk, congress=congress, role=CongressDocumentRole.DRAFT_RESOLUTION)
        self._personnel_plan(congress, approve=True)
        # The resolution drafted again from the finished political report (its goal and tasks).
        resolution.resolution_draft_again(acting_user=clerk, congress=congress)
        congress = moves.congress_move(acting_user=clerk, congress=congress, move=Move.SUBMIT_FOR_REVIEW, actors={Actor.CLERK})
        starts_at = timezone.make_aware(datetime.datetime.combine(on - datetime.timedelta(days=6), datetime.time(8, 0)))
        session = reviews.review_schedule(
            acting_user=clerk, congress=congress, mode=ReviewMode.IN_PERSON, starts_at=starts_at,
            place="Hội trường Đảng ủy phường", actors={Actor.SUPERIOR_CLERK},
        )
        if reached < ORDER.index("reviewed"):
            return
        items = {item.key: ("approved", "") for item in reviews.review_items(congress)}
        reviews.review_decide(acting_user=leader, session=session, decisions=items, actors={Actor.SUPERIOR_LEADER})
        reviews.review_conclude(acting_user=leader, session=session, actors={Actor.SUPERIOR_LEADER})
        congress.refresh_from_db()
        attendance.attendance_draw(acting_user=clerk, congress=congress)
        if reached < ORDER.index("held"):
            return
        self._issue_notice(congress)
        self._hold(congress, on)
        congress.refresh_from_db()
        if reached < ORDER.index("results_reported"):
            return
        self._report(congress, on)
        congress.refresh_from_db()
        if reached < ORDER.index("ratified"):
            return
        ratification.congress_ratify(
            acting_user=leader, congress=congress, actors={Actor.SUPERIOR_LEADER}, on=on + datetime.timedelta(days=7),
        )
        congresses.debrief_save(
            acting_user=clerk, congress=congress,
            lessons="Văn kiện chuẩn bị chu đáo, đúng hướng dẫn; đại hội diễn ra đúng chương trình, thời gian.",
            points_to_observe=(
                "Báo cáo tình hình đảng viên tham dự phải nêu rõ số tính tỷ lệ; chuẩn bị kỹ danh sách "
                "bầu cử có số dư; gửi hồ sơ kết quả về Đảng ủy trong 7 ngày làm việc."
            ),
        )
        congresses.debrief_publish(acting_user=clerk, congress=congress)

    def _personnel_plan(self, congress, *, approve: bool):
        """The personnel plan through its services: nominees from the branch's official members
        (one more than the seats where a committee is elected), every nomination step recorded,
        then submitted and approved by the superior's leader when `approve`."""
        clerk, actors = self.clerk, {Actor.CLERK}
        plan = personnel.personnel_plan_create(acting_user=clerk, congress=congress, actors=actors)
        people = list(congress.organization.members.filter(membership="official", situation="none").order_by("sort_key"))
        if plan.elects_committee:
            for member in people[:plan.committee_size + 1]:
                personnel.nominee_add(acting_user=clerk, plan=plan, actors=actors, member=member, role=NomineeRole.COMMITTEE)
        for member, role in zip(people, [NomineeRole.SECRETARY, NomineeRole.DEPUTY_SECRETARY]):
            personnel.nominee_add(acting_user=clerk, plan=plan, actors=actors, member=member, role=role)
        if not approve:
            return plan
        held_on = self.today - datetime.timedelta(days=40)
        for number, step in enumerate(plan.steps.all()):
            personnel.nomination_step_record(
                acting_user=clerk, step=step, actors=actors, held_on=held_on + datetime.timedelta(days=2 * number),
                participants=len(people), votes_for=len(people), votes_against=0,
            )
        plan = personnel.personnel_plan_submit(acting_user=clerk, plan=plan, actors=actors)
        return personnel.personnel_plan_approve(
            acting_user=self.leader, plan=plan, actors={Actor.SUPERIOR_LEADER}, comment="Đồng ý đề án nhân sự.",
        )

    def _issue_notice(self, congress):
        """The conclusion notice of the review goes through its committee's approval and issue."""
        notice = congress.documents.get(role=CongressDocumentRole.CONCLUSION_NOTICE).document
        document_move(acting_user=self.clerk, document=notice, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK})
        document_move(acting_user=self.leader, document=notice, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER})
        document_issue(acting_user=self.clerk, document=notice, actors={DocumentActor.CLERK})

    def _hold(self, congress, on):
        clerk = self.clerk
        rows = list(congress.attendance.select_related("member").order_by("pk"))
        marks = {}
        for index, row in enumerate(rows):
            absent = index == 1 and (row.membership, row.situation) == ("official", "none")
            marks[row.pk] = attendance.Mark(
                membership=None, present=not absent, absence_accepted=absent,
                absence_reason="Đi công tác" if absent else "",
            )
        attendance.attendance_record(acting_user=clerk, congress=congress, marks=marks)
        voters = attendance.voters(congress.attendance.select_related("member"))
        count = len(voters)
        people = [row.member for row in voters]
        for subject, chosen in ((VoteSubject.PRESIDIUM, people[:3]), (VoteSubject.SECRETARIAT, people[3:4]),
                                (VoteSubject.AGENDA, []), (VoteSubject.COUNTING_BOARD, people[4:7])):
            votes.show_of_hands_record(
                acting_user=clerk, congress=congress, subject=subject, votes_for=count, members=chosen,
            )
        keyed = congress.organization.name == KEYED_BALLOTS[0]
        demo_elections.hold(congress, clerk=clerk, second_operator=self.operator if keyed else None)
        votes.resolution_adopt(acting_user=clerk, congress=congress, votes_for=count)
        moves.congress_move(acting_user=clerk, congress=congress, move=Move.RECORD_HELD, actors={Actor.CLERK}, on=on)
        # The minutes give the day and its times, and the secretary's summary of the discussion.
        minutes.minutes_draft(acting_user=clerk, congress=congress, held_on=on, opening_time=datetime.time(7, 30),
                              closing_time=datetime.time(11, 0))
        minutes.minutes_write_discussion(acting_user=clerk, congress=congress, summary=DISCUSSION)
        minutes.minutes_issue(acting_user=clerk, congress=congress, document_date=on)

    def _report(self, congress, on):
        clerk = self.clerk
        # The election minutes are the issued vote-count minutes (elections.hooks).
        for kind in (DossierKind.SUMMARY_LIST, DossierKind.CVS):
            upload = SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4\n% demo\n", content_type="application/pdf")
            results.dossier_file_add(acting_user=clerk, congress=congress, actors={Actor.CLERK}, kind=kind, upload=upload)
        moves.congress_move(
            acting_user=clerk, congress=congress, move=Move.REPORT_RESULTS, actors={Actor.CLERK},
            on=on + datetime.timedelta(days=3),
        )
