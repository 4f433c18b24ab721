"""The completed 2022–2025 rounds of the seed articles (published reports of congress rounds, docs/domain.md), for the results page
(reporting/management/commands/seed_demo_results.py, after seed_demo and seed_demo_documents,
before seed_demo_congress):

- Đảng bộ phường Kỳ Trinh, plan of 28/4/2022: pilots Chi bộ TDP Hoàng Trinh (20/6/2022) and
  Chi bộ Trạm Y tế (23/6/2022), the rest before 20/7/2022; 11/11 held; 39 committee members
  elected, 24 re-elected, 15 new, 9 women (previous term 2019–2022).
- Đảng bộ Sở Công Thương (Bến Tre): pilot Chi bộ Nghiệp vụ, 3/3 held, 9 committee members, not
  more than the previous committees (2020–2022), 5 re-elected; results in 12/2022.

Every congress goes the way a clerk takes it, through the services, with the dates of 2022: the
plan issued, the congress scheduled, its documents and approved personnel plan, the review and
its conclusion notice, the attendance, the votes by show of hands, the elections counted by the
board's totals, the resolution and minutes, the results reported and ratified. Who is elected is
chosen (`choose`) so the figures are exactly the articles': per branch the seats, how many of the
previous committee are re-elected, and the women in all, over the members seed_demo made. The
surplus candidate a committee's list needs gets few votes.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from branches.management.commands.seed_demo import DEMO_PASSWORD
from branches.models import CommitteeSeat, Member, Organization, Position, Role, RoleKind, Term
from congress.models import CongressDocumentRole, DossierKind, Plan, ReviewMode, VoteSubject
from congress import demo_targets, demo_texts
from congress.rules import Actor, Move
from congress.services import attendance, congresses, minutes, moves, plans, ratification, results, reviews, votes
from congress.services import resolution as resolution_services
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import document_issue, document_move, document_save_body, document_update
from elections import rules as election_rules
from elections.models import CountingMode, ElectionKind, NomineeRole
from elections.services import counting, elections, personnel
from elections.selectors.elections import counting_board
from elections.services import minutes as election_minutes

D = datetime.date


# The congress day as the minutes give it (docs/domain.md §4a): opened at 7:30, closed at 11:00;
# each ballot counted in 20 minutes from 9:15, the next 25 minutes later.
OPENED_AT = datetime.time(7, 30)
CLOSED_AT = datetime.time(11, 0)
DISCUSSION = (
    "Đại hội đã nghe 05 ý kiến tham luận, thảo luận của đảng viên về kết quả thực hiện nghị quyết nhiệm kỳ qua, "
    "công tác xây dựng Đảng và nhiệm vụ của chi bộ; các ý kiến thống nhất cao với báo cáo chính trị và báo cáo "
    "kiểm điểm của cấp ủy, đề nghị tiếp tục nâng cao chất lượng sinh hoạt chi bộ.\n"
    "Chủ tọa Đại hội tiếp thu, giải trình các ý kiến và đưa vào dự thảo nghị quyết Đại hội."
)


def count_times(index: int) -> tuple[datetime.time, datetime.time]:
    """When the `index`th ballot of the day was counted and its minutes closed."""
    start = datetime.datetime.combine(datetime.date.min, datetime.time(9, 15)) + datetime.timedelta(minutes=25 * index)
    return start.time(), (start + datetime.timedelta(minutes=20)).time()


@dataclass(frozen=True)
class Branch:
    """A branch's congress of the round: its day, the seats it fills (a committee, or a secretary
    and a deputy where it elects none) and how many of its previous committee are re-elected."""

    name: str
    held_on: datetime.date
    seats: int
    re_elected: int


@dataclass(frozen=True)
class Round:
    committee: str
    term: tuple[int, int]
    clerk: str  # username
    leader: str  # username
    subject: str
    plan_date: datetime.date
    pilots_held_by: datetime.date
    held_by: datetime.date
    body: str
    branches: tuple[Branch, ...]
    pilots: tuple[str, ...]
    women: int  # women among the elected, all branches together
    hall: str  # where the superior holds the reviews


KY_TRINH = Round(
    committee="Đảng bộ phường Kỳ Trinh", term=(2022, 2025), clerk="vanphong", leader="lanhdao",
    subject="Tổ chức đại hội các chi bộ trực thuộc nhiệm kỳ 2022–2025",
    plan_date=D(2022, 4, 28), pilots_held_by=D(2022, 6, 25), held_by=D(2022, 7, 20),
    body=(
        "<p>Thực hiện Kế hoạch số 51-KH/ThU của Ban Thường vụ Thị ủy về tổ chức đại hội chi bộ nhiệm kỳ "
        "2022–2025, Đảng ủy phường Kỳ Trinh xây dựng kế hoạch tổ chức đại hội các chi bộ trực thuộc.</p>"
        "<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>"
        "<p>Đại hội chi bộ nhiệm kỳ 2022–2025 là đợt sinh hoạt chính trị sâu rộng trong cán bộ, đảng viên và "
        "Nhân dân; đánh giá việc thực hiện nghị quyết đại hội chi bộ nhiệm kỳ 2019–2022, bầu chi ủy, bí thư, "
        "phó bí thư đủ phẩm chất, năng lực, uy tín.</p>"
        "<p><b>II. THỜI GIAN</b></p>"
        "<p>Chi bộ TDP Hoàng Trinh và Chi bộ Trạm Y tế tổ chức đại hội điểm đại diện cho hai mô hình chi bộ; "
        "sau khi rút kinh nghiệm, các chi bộ còn lại tổ chức đại hội xong trước ngày 20/7/2022.</p>"
    ),
    pilots=("Chi bộ TDP Hoàng Trinh", "Chi bộ Trạm Y tế"),
    branches=(
        Branch("Chi bộ TDP Hoàng Trinh", D(2022, 6, 20), 5, 3),
        Branch("Chi bộ Trạm Y tế", D(2022, 6, 23), 2, 1),
        Branch("Chi bộ Công an", D(2022, 7, 1), 3, 2),
        Branch("Chi bộ Quyền Thượng", D(2022, 7, 4), 5, 3),
        Branch("Chi bộ TDP Quyền Hành", D(2022, 7, 6), 4, 3),
        Branch("Chi bộ TDP Hòa Lộc", D(2022, 7, 8), 3, 2),
        Branch("Chi bộ TDP Trung Tiến", D(2022, 7, 11), 5, 3),
        Branch("Chi bộ TDP Tân Phúc", D(2022, 7, 13), 3, 2),
        Branch("Chi bộ Quân sự", D(2022, 7, 14), 3, 2),
        Branch("Chi bộ Trường Tiểu học Kỳ Trinh", D(2022, 7, 15), 3, 2),
        Branch("Chi bộ Trường Mầm non Kỳ Trinh", D(2022, 7, 18), 3, 1),
    ),
    women=9,
    hall="Hội trường Đảng ủy phường",
)

SO_CONG_THUONG = Round(
    committee="Đảng bộ Sở Công Thương", term=(2022, 2025), clerk="congthuong", leader="lanhdaoct",
    subject="Tổ chức đại hội các chi bộ trực thuộc nhiệm kỳ 2022–2025",
    plan_date=D(2022, 9, 5), pilots_held_by=D(2022, 10, 20), held_by=D(2022, 11, 30),
    body=(
        "<p>Thực hiện Kế hoạch số 96-KH/ĐUK ngày 18/8/2022 của Đảng ủy Khối Cơ quan – Doanh nghiệp tỉnh về "
        "đại hội chi bộ trực thuộc đảng ủy cơ sở nhiệm kỳ 2022–2025, Ban Thường vụ Đảng ủy Sở Công Thương "
        "ban hành kế hoạch tổ chức đại hội các chi bộ trực thuộc.</p>"
        "<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>"
        "<p>Tổng kết việc thực hiện Nghị quyết đại hội chi bộ nhiệm kỳ 2020–2022; đề ra phương hướng, nhiệm "
        "vụ, giải pháp nhiệm kỳ 2022–2025; bầu chi ủy bảo đảm tiêu chuẩn, cơ cấu, có tính kế thừa.</p>"
        "<p><b>II. THỜI GIAN</b></p>"
        "<p>Chi bộ Nghiệp vụ tổ chức đại hội điểm; các chi bộ còn lại tổ chức đại hội xong trong tháng "
        "11/2022.</p>"
    ),
    pilots=("Chi bộ Nghiệp vụ",),
    branches=(
        Branch("Chi bộ Nghiệp vụ", D(2022, 10, 14), 5, 2),
        Branch("Chi bộ Văn phòng", D(2022, 11, 10), 2, 2),
        Branch("Chi bộ Trung tâm Khuyến công và Xúc tiến thương mại", D(2022, 11, 17), 2, 1),
    ),
    women=3,
    hall="Phòng họp Đảng ủy Sở",
)

ROUNDS = (KY_TRINH, SO_CONG_THUONG)

# The leader of Sở Công Thương's Party committee, who approves and ratifies its round (seed_demo
# has a clerk there only).
SCT_LEADER = ("lanhdaoct", "Nguyễn Văn Hùng", "Đảng bộ Sở Công Thương")

# Days from the congress: the nomination steps start, the review, the results reach the
# superior, the superior ratifies.
STEPS_BEFORE, REVIEW_BEFORE, REPORTED_AFTER, RATIFIED_AFTER = 30, 6, 3, 7

DEBRIEF = (
    "Văn kiện chuẩn bị chu đáo, bám sát hướng dẫn của Đảng ủy; đại hội diễn ra đúng chương trình, "
    "bầu cử đúng quy chế.",
    "Báo cáo chính trị cần nêu rõ số liệu, tỷ lệ; chuẩn bị kỹ kịch bản điều hành và danh sách bầu cử; gửi hồ "
    "sơ kết quả về Đảng ủy trong 7 ngày làm việc.",
)


# --- Who is elected ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """The people of one branch's personnel plan: the elected (secretary first, deputy second)
    and the surplus candidate who is not (None where the list has no surplus)."""

    elected: tuple[Member, ...]
    surplus: Member | None


def _women_bounds(pool: list[Member], take: int) -> tuple[int, int]:
    women = sum(m.gender == "female" for m in pool)
    return max(0, take - (len(pool) - women)), min(take, women)


def _take(pool: list[Member], take: int, women: int) -> list[Member]:
    """`take` people of `pool` (in its order), `women` of them women."""
    female = [m for m in pool if m.gender == "female"][:women]
    male = [m for m in pool if m.gender != "female"][:take - women]
    chosen = {m.pk for m in female + male}
    return [m for m in pool if m.pk in chosen]


def choose(branches: list[tuple[Branch, list[Member], list[Member]]], women: int) -> list[list[Member]]:
    """The elected of each branch: (branch, its previous committee still official in position
    order, its other official members), so that each elects `branch.seats` people,
    `branch.re_elected` of them from the previous committee, and `women` women in all. Women are
    spread one branch at a time from the fewest each branch can have. ValueError when the members
    cannot give those figures."""
    bounds = []
    for branch, incumbents, others in branches:
        new = branch.seats - branch.re_elected
        if branch.re_elected > len(incumbents) or new > len(others):
            raise ValueError(f"{branch.name}: not enough members for {branch.seats} seats, {branch.re_elected} re-elected")
        low_i, high_i = _women_bounds(incumbents, branch.re_elected)
        low_n, high_n = _women_bounds(others, new)
        bounds.append([low_i + low_n, high_i + high_n, low_i, high_i, low_n])
    share = [low for low, *_ in bounds]
    while sum(share) < women:
        grown = False
        for index, (_low, high, *_) in enumerate(bounds):
            if sum(share) < women and share[index] < high:
                share[index] += 1
                grown = True
        if not grown:
            raise ValueError(f"The members cannot give {women} women among the elected.")
    if sum(share) > women:
        raise ValueError(f"The members cannot give as few as {women} women among the elected.")
    chosen = []
    for (branch, incumbents, others), count, (_low, _high, low_i, high_i, low_n) in zip(branches, share, bounds):
        from_incumbents = max(low_i, min(high_i, count - low_n))
        chosen.append(
            _take(incumbents, branch.re_elected, from_incumbents)
            + _take(others, branch.seats - branch.re_elected, count - from_incumbents)
        )
    return chosen


def _pools(congress, previous_term: Term) -> tuple[list[Member], list[Member]]:
    officials = list(
        congress.organization.members.filter(membership="official", situation="none").order_by("sort_key", "pk")
    )
    order = {Position.SECRETARY: 0, Position.DEPUTY_SECRETARY: 1, Position.MEMBER: 2}
    seats = sorted(
        CommitteeSeat.objects.filter(organization=congress.organization, term=previous_term).select_related("member"),
        key=lambda s: (order.get(s.position, 3), s.member.sort_key),
    )
    ids = {m.pk for m in officials}
    incumbents = [s.member for s in seats if s.member_id in ids]
    held = {m.pk for m in incumbents}
    return incumbents, [m for m in officials if m.pk not in held]


# --- The round -----------------------------------------------------------------------------------


def leader_for_so_cong_thuong():
    """The leader user of Sở Công Thương (once), like seed_demo's users."""
    User = get_user_model()
    username, full_name, org_name = SCT_LEADER
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, f"{username}@example.org", password=DEMO_PASSWORD, full_name=full_name, signing_position="BÍ THƯ")
    Role.objects.get_or_create(user=user, organization=Organization.objects.get(name=org_name), kind=RoleKind.LEADER)
    return user


class Loader:
    """One round, loaded through the services."""

    def __init__(self, round_: Round):
        self.round = round_
        User = get_user_model()
        self.clerk = User.objects.get(username=round_.clerk)
        self.leader = User.objects.get(username=round_.leader)
        self.committee = Organization.objects.get(name=round_.committee)
        self.term = Term.objects.get(start_year=round_.term[0], end_year=round_.term[1])

    def loaded(self) -> bool:
        return Plan.objects.filter(organization=self.committee, term=self.term).exists()

    def load(self) -> Plan:
        plan = self._plan()
        congresses_by_name = {c.organization.name: c for c in plan.congresses.select_related("organization", "plan", "plan__term")}
        previous = {}
        for branch in self.round.branches:
            congress = congresses_by_name[branch.name]
            previous_seat = (
                CommitteeSeat.objects.filter(organization=congress.organization, term__start_year__lt=self.term.start_year)
                .order_by("-term__start_year", "-term__end_year").select_related("term").first()
            )
            previous[branch.name] = _pools(congress, previous_seat.term)
        chosen = choose([(b, *previous[b.name]) for b in self.round.branches], self.round.women)
        for branch, elected in zip(self.round.branches, chosen):
            incumbents, others = previous[branch.name]
            left = [m for m in incumbents + others if m not in elected]
            self._congress(congresses_by_name[branch.name], branch, elected, left)
        return Plan.objects.get(pk=plan.pk)

    # The plan

    def _plan(self) -> Plan:
        r = self.round
        branches = plans.default_scope(self.committee)
        plan = plans.plan_create(
            acting_user=self.clerk, organization=self.committee, term=self.term, subject=r.subject,
            congresses_held_by=r.held_by, pilots_held_by=r.pilots_held_by,
            pilots=[b for b in branches if b.name in r.pilots],
        )
        document = plan.document
        document_update(
            acting_user=self.clerk, document=document, document_date=r.plan_date,
            recipients="- Ban Thường vụ cấp trên (b/c),\n- Các chi bộ trực thuộc,\n- Lưu VP.",
            signer_name=self.leader.full_name,
        )
        document_save_body(acting_user=self.clerk, document=document, body=r.body)
        document_move(acting_user=self.clerk, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK})
        document_move(acting_user=self.leader, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER})
        plans.plan_issue(acting_user=self.clerk, plan=plan, actors={DocumentActor.CLERK})
        return Plan.objects.get(pk=plan.pk)

    # A congress, from its date to its ratification

    def _congress(self, congress, branch: Branch, elected: list[Member], left: list[Member]):
        clerk, leader, on = self.clerk, self.leader, branch.held_on
        congresses.congress_schedule(
            acting_user=clerk, congress=congress, scheduled_on=on,
            venue=f"Hội trường {congress.organization.name.replace('Chi bộ ', '')}",
        )
        congress = moves.congress_move(acting_user=clerk, congress=congress, move=Move.START_PREPARING, actors={Actor.CLERK})
        congresses.congress_document_create(acting_user=clerk, congress=congress, role=CongressDocumentRole.POLITICAL_REPORT)
        # The targets the resolution sets, entered with the draft (congress.demo_targets).
        targets, yearly = demo_targets.completed_targets(self.round.committee, branch.name)
        demo_targets.set_targets(acting_user=clerk, congress=congress, rows=targets)
        # Its sections written: it is approved at the review (congress.demo_texts).
        demo_texts.write_political_report(acting_user=clerk, congress=congress)
        resolution = congresses.congress_document_create(
            acting_user=clerk, congress=congress, role=CongressDocumentRole.DRAFT_RESOLUTION,
        )
        document_update(acting_user=clerk, document=resolution, document_date=on)
        surplus = self._personnel_plan(congress, branch, elected, left)
        # The resolution drafted again from the finished political report (its goal and tasks).
        resolution_services.resolution_draft_again(acting_user=clerk, congress=congress)
        congress = moves.congress_move(acting_user=clerk, congress=congress, move=Move.SUBMIT_FOR_REVIEW, actors={Actor.CLERK})
        review_on = on - datetime.timedelta(days=REVIEW_BEFORE)
        session = reviews.review_schedule(
            acting_user=clerk, congress=congress, mode=ReviewMode.IN_PERSON, place=self.round.hall,
            starts_at=timezone.make_aware(datetime.datetime.combine(review_on, datetime.time(8, 0))),
            actors={Actor.SUPERIOR_CLERK},
        )
        decisions = {item.key: ("approved", "") for item in reviews.review_items(congress)}
        reviews.review_decide(acting_user=leader, session=session, decisions=decisions, actors={Actor.SUPERIOR_LEADER})
        reviews.review_conclude(acting_user=leader, session=session, actors={Actor.SUPERIOR_LEADER})
        congress.refresh_from_db()
        self._issue_notice(congress, review_on + datetime.timedelta(days=1))
        attendance.attendance_draw(acting_user=clerk, congress=congress)
        self._hold(congress, on, elected, surplus)
        congress.refresh_from_db()
        for kind in (DossierKind.SUMMARY_LIST, DossierKind.CVS):
            upload = SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4\n% demo\n", content_type="application/pdf")
            results.dossier_file_add(acting_user=clerk, congress=congress, actors={Actor.CLERK}, kind=kind, upload=upload)
        moves.congress_move(
            acting_user=clerk, congress=congress, move=Move.REPORT_RESULTS, actors={Actor.CLERK},
            on=on + datetime.timedelta(days=REPORTED_AFTER),
        )
        congress.refresh_from_db()
        ratification.congress_ratify(
            acting_user=leader, congress=congress, actors={Actor.SUPERIOR_LEADER},
            on=on + datetime.timedelta(days=RATIFIED_AFTER),
        )
        # Each year's review of the term, where the demo records it.
        demo_targets.record_results(acting_user=clerk, congress=congress, results=yearly)
        if congress.is_pilot:
            congresses.debrief_save(acting_user=clerk, congress=congress, lessons=DEBRIEF[0], points_to_observe=DEBRIEF[1])
            congresses.debrief_publish(acting_user=clerk, congress=congress)

    def _personnel_plan(self, congress, branch: Branch, elected: list[Member], left: list[Member]) -> Member | None:
        """The approved personnel plan: the elected as nominees (the first two for secretary and
        deputy) and, where the regulation wants a longer committee list, one surplus nominee
        (a member of the previous committee not standing again, else another member)."""
        clerk, actors = self.clerk, {Actor.CLERK}
        plan = personnel.personnel_plan_create(acting_user=clerk, congress=congress, actors=actors)
        surplus = None
        if plan.elects_committee:
            if plan.committee_size != branch.seats:
                plan = personnel.personnel_plan_update(acting_user=clerk, plan=plan, actors=actors, committee_size=branch.seats)
            regulation = congress.plan.term.regulation
            if election_rules.max_surplus(branch.seats, regulation) > 0:
                surplus = left[0]
            for member in elected + ([surplus] if surplus else []):
                personnel.nominee_add(acting_user=clerk, plan=plan, actors=actors, member=member, role=NomineeRole.COMMITTEE)
        elif branch.seats != 2:
            raise ValueError(f"{branch.name} elects no committee: it fills 2 seats, not {branch.seats}.")
        for member, role in zip(elected, [NomineeRole.SECRETARY, NomineeRole.DEPUTY_SECRETARY]):
            personnel.nominee_add(acting_user=clerk, plan=plan, actors=actors, member=member, role=role)
        people = congress.organization.members.filter(membership="official", situation="none").count()
        start = branch.held_on - datetime.timedelta(days=STEPS_BEFORE)
        for number, step in enumerate(plan.steps.all()):
            personnel.nomination_step_record(
                acting_user=clerk, step=step, actors=actors, held_on=start + datetime.timedelta(days=2 * number),
                participants=people, votes_for=people, votes_against=0,
            )
        plan = personnel.personnel_plan_submit(acting_user=clerk, plan=plan, actors=actors)
        personnel.personnel_plan_approve(
            acting_user=self.leader, plan=plan, actors={Actor.SUPERIOR_LEADER}, comment="Đồng ý đề án nhân sự.",
        )
        return surplus

    def _issue_notice(self, congress, on):
        """The review's conclusion notice, dated the day after the review, approved and issued."""
        notice = congress.documents.get(role=CongressDocumentRole.CONCLUSION_NOTICE).document
        document_update(acting_user=self.clerk, document=notice, document_date=on)
        document_move(acting_user=self.clerk, document=notice, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK})
        document_move(acting_user=self.leader, document=notice, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER})
        document_issue(acting_user=self.clerk, document=notice, actors={DocumentActor.CLERK})

    def _hold(self, congress, on, elected: list[Member], surplus: Member | None):
        clerk = self.clerk
        rows = list(congress.attendance.order_by("pk"))
        attendance.attendance_record(acting_user=clerk, congress=congress, marks={
            row.pk: attendance.Mark(membership=None, present=True) for row in rows
        })
        present = attendance.voters(congress.attendance.select_related("member").order_by("member__sort_key", "pk"))
        count = len(present)
        standing = {m.pk for m in elected} | ({surplus.pk} if surplus else set())
        free = [row.member for row in present if row.member_id not in standing]
        for subject, chosen in (
            (VoteSubject.PRESIDIUM, elected[:1] + free[:2]), (VoteSubject.SECRETARIAT, free[2:3]),
            (VoteSubject.AGENDA, []), (VoteSubject.COUNTING_BOARD, free[-3:]),
        ):
            votes.show_of_hands_record(acting_user=clerk, congress=congress, subject=subject, votes_for=count, members=chosen)
        self._elections(congress, on, elected, count)
        votes.resolution_adopt(acting_user=clerk, congress=congress, votes_for=count)
        moves.congress_move(acting_user=clerk, congress=congress, move=Move.RECORD_HELD, actors={Actor.CLERK}, on=on)
        # The minutes give the day and its times, and the secretary's summary of the discussion.
        minutes.minutes_draft(acting_user=clerk, congress=congress, held_on=on, opening_time=OPENED_AT,
                              closing_time=CLOSED_AT)
        minutes.minutes_write_discussion(acting_user=clerk, congress=congress, summary=DISCUSSION)
        minutes.minutes_issue(acting_user=clerk, congress=congress, document_date=on)

    def _elections(self, congress, on, elected: list[Member], voters: int):
        """Every secret ballot of the congress, counted by the board's totals: the elected get
        nearly every vote (a winning share above 60%), the surplus candidate a quarter (each
        ballot agrees to at most the seats)."""
        clerk = self.clerk
        winners = {m.pk for m in elected}
        rounds = 0
        for kind in elections.allowed_kinds(congress):
            if kind in {ElectionKind.OFFICIAL_DELEGATES, ElectionKind.ALTERNATE_DELEGATES}:
                continue
            election = elections.election_create(acting_user=clerk, congress=congress, kind=kind, counting_mode=CountingMode.TOTALS)
            elections.candidates_from_plan(acting_user=clerk, election=election)
            # The first of the counting board heads it and signs the vote-count minutes by name.
            election = elections.election_open(
                acting_user=clerk, election=election, list_votes_for=voters, ballots_issued=voters,
                counting_head=counting_board(congress)[0],
            )
            listed = list(election.candidates.filter(admitted=True, withdrawn=False).order_by("position"))
            losers = [c for c in listed if c.member_id not in winners]
            spare = voters // 4 if losers else 0  # the surplus candidate's votes, taken from the elected
            won = [c for c in listed if c.member_id in winners]
            tally = {c.pk: spare for c in losers}
            for index, candidate in enumerate(won):
                # One or two disagree with some of the elected, as at a real congress.
                dissent = (index + election.pk) % 3 if voters >= 6 else 0
                tally[candidate.pk] = voters - dissent - (spare // len(won) + (1 if index < spare % len(won) else 0))
            counting.election_totals_save(
                acting_user=clerk, election=election, returned=voters, valid=voters, invalid={}, votes=tally,
            )
            counting.election_close(acting_user=clerk, election=election)
            election.refresh_from_db()
            started, closed = count_times(rounds)
            rounds += 1
            election_minutes.election_minutes_draft(
                acting_user=clerk, election=election, day=on, count_started_time=started, minutes_closed_time=closed,
            )
            election_minutes.election_minutes_issue(acting_user=clerk, election=election, document_date=on)
            congress.refresh_from_db()


def load_rounds() -> list[tuple[Round, Plan | None]]:
    """Load each round not loaded yet: (round, its plan), the plan None when it was there."""
    leader_for_so_cong_thuong()
    done = []
    for round_ in ROUNDS:
        loader = Loader(round_)
        done.append((round_, None if loader.loaded() else loader.load()))
    return done


# --- Emulation works and awards ------------------------------------------------------------------

# (round committee, organisation, name, owner, status, registered on, completed on)
WORKS = [
    ("Đảng bộ phường Kỳ Trinh", "Chi bộ TDP Hoàng Trinh", "Bê tông hóa 350 m đường ngõ xóm TDP Hoàng Trinh",
     "Chi bộ TDP Hoàng Trinh", "completed", D(2022, 5, 10), D(2022, 6, 15)),
    ("Đảng bộ phường Kỳ Trinh", "Chi bộ TDP Hòa Lộc", "Lắp đặt 40 bóng điện chiếu sáng đường làng",
     "Chi đoàn TDP Hòa Lộc", "completed", D(2022, 5, 20), D(2022, 7, 5)),
    ("Đảng bộ phường Kỳ Trinh", "Chi bộ Trạm Y tế", "Khám sàng lọc miễn phí cho người cao tuổi",
     "Trạm Y tế phường", "completed", D(2022, 5, 15), D(2022, 6, 18)),
    ("Đảng bộ phường Kỳ Trinh", "Chi bộ TDP Trung Tiến", "Trồng 200 cây xanh tuyến đường trục chính",
     "Chi hội Cựu chiến binh TDP Trung Tiến", "in_progress", D(2022, 6, 1), None),
    ("Đảng bộ Sở Công Thương", "Chi bộ Nghiệp vụ", "Số hóa hồ sơ cấp phép kinh doanh",
     "Phòng Quản lý thương mại", "completed", D(2022, 9, 15), D(2022, 10, 10)),
    ("Đảng bộ Sở Công Thương", "Chi bộ Trung tâm Khuyến công và Xúc tiến thương mại",
     "Phiên chợ hàng Việt về nông thôn chào mừng đại hội", "Trung tâm Khuyến công", "registered", D(2022, 9, 20), None),
]
# (round committee, organisation, category, title, reason, awarded on)
AWARDS = [
    ("Đảng bộ phường Kỳ Trinh", "Chi bộ TDP Hoàng Trinh", "congress", "Giấy khen của Đảng ủy phường",
     "Tổ chức thành công đại hội điểm nhiệm kỳ 2022–2025", D(2022, 8, 5)),
    ("Đảng bộ phường Kỳ Trinh", "Chi bộ Trạm Y tế", "congress", "Giấy khen của Đảng ủy phường",
     "Tổ chức thành công đại hội điểm nhiệm kỳ 2022–2025", D(2022, 8, 5)),
    ("Đảng bộ phường Kỳ Trinh", "Chi bộ TDP Hòa Lộc", "emulation", "Giấy khen của Đảng ủy phường",
     "Hoàn thành xuất sắc công trình chào mừng đại hội", D(2022, 8, 5)),
    ("Đảng bộ Sở Công Thương", "Chi bộ Nghiệp vụ", "congress", "Giấy khen của Đảng ủy Sở",
     "Tổ chức thành công đại hội điểm nhiệm kỳ 2022–2025", D(2022, 12, 15)),
]


def register_works_and_awards(plans_by_committee: dict[str, Plan]) -> list[str]:
    """The emulation works and awards of the rounds (reporting.services.register), for the plans
    just loaded. Returns the problems met (empty: all recorded)."""
    from .services import register

    User = get_user_model()
    problems = []
    for committee, org_name, name, owner, status, registered_on, completed_on in WORKS:
        plan = plans_by_committee.get(committee)
        if plan is None:
            continue
        clerk = User.objects.get(username=next(r.clerk for r in ROUNDS if r.committee == committee))
        try:
            register.emulation_work_create(
                acting_user=clerk, plan=plan, organization=Organization.objects.get(name=org_name), name=name,
                owner=owner, status=status, registered_on=registered_on, completed_on=completed_on,
            )
        except ValidationError as error:
            problems.append(f"{name}: {'; '.join(error.messages)}")
    for committee, org_name, category, title, reason, awarded_on in AWARDS:
        plan = plans_by_committee.get(committee)
        if plan is None:
            continue
        leader = User.objects.get(username=next(r.leader for r in ROUNDS if r.committee == committee))
        try:
            register.award_create(
                acting_user=leader, plan=plan, organization=Organization.objects.get(name=org_name),
                category=category, title=title, reason=reason, awarded_on=awarded_on,
            )
        except ValidationError as error:
            problems.append(f"{org_name} ({title}): {'; '.join(error.messages)}")
    return problems
