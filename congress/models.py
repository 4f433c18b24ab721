"""The congress round (docs/domain.md §2): the public holidays that working-day deadlines skip, the
superior's plan (kế hoạch) with its scope, pilots and working groups, and the congresses it
opens."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Membership, Organization, Position, Situation, Term, status_label
from documents.models import Document, DocumentTemplate

from . import rules
from .targets import Comparison, TargetFacts, target_text


class Holiday(models.Model):
    """A public holiday (ngày nghỉ lễ, Tết), maintained by an administrator: the government
    sets Tết and compensatory days each year, so they are data, not code."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.name}"


class Plan(models.Model):
    """A superior committee's plan for the congresses of a term ("Kế hoạch số 29-KH/ĐU"): which
    organisations hold one, which go first as pilots, and the deadlines. Its KH document is
    drafted, approved and issued like any document; issuing it opens the congresses
    (congress.services.plans.plan_issue)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("issuing committee"), on_delete=models.PROTECT, related_name="congress_plans",
    )
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="congress_plans")
    document = models.OneToOneField(
        Document, verbose_name=_("plan document"), on_delete=models.PROTECT, related_name="congress_plan",
    )
    pilots_held_by = models.DateField(_("pilot congresses held by"), null=True, blank=True)
    congresses_held_by = models.DateField(_("congresses held by"))
    documents_days_before = models.PositiveSmallIntegerField(
        _("documents submitted (days before the congress)"), default=10,
        help_text=_("How many days before its congress a branch submits its documents for review."),
    )
    report_working_days = models.PositiveSmallIntegerField(
        _("results reported within (working days)"), default=7,
        help_text=_("Working days after the congress within which the results reach the superior."),
    )
    ratify_working_days = models.PositiveSmallIntegerField(
        _("results ratified within (working days)"), default=15,
        help_text=_("Working days after receiving the results within which the superior ratifies them."),
    )
    elects_secretary_directly = models.BooleanField(
        _("congresses elect the secretary directly"), default=False,
        help_text=_("For grassroots committees: the congress, not the new committee, elects the secretary."),
    )
    guidance = models.ManyToManyField(
        Document, verbose_name=_("guidance documents"), related_name="guided_plans", blank=True,
        help_text=_("Issued guidance the organisations of the plan follow (HD, CV...)."),
    )
    templates = models.ManyToManyField(
        DocumentTemplate, verbose_name=_("templates"), related_name="+", blank=True,
        help_text=_("The templates the organisations of the plan draft their documents from."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("congresses opened at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("congress plan")
        verbose_name_plural = _("congress plans")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pilots_held_by__isnull=True) | Q(pilots_held_by__lte=models.F("congresses_held_by")),
                name="plan_pilots_before_the_rest",
                violation_error_message=_("Pilot congresses must be held by the date all congresses are held."),
            ),
        ]

    def __str__(self):
        return self.document.symbol or self.document.subject

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class PlanScope(models.Model):
    """An organisation that holds a congress under a plan, and whether it is a pilot."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scope")
    organization = models.ForeignKey(
        Organization, verbose_name=_("Party organisation"), on_delete=models.PROTECT, related_name="+",
    )
    is_pilot = models.BooleanField(_("pilot congress"), default=False)

    class Meta:
        verbose_name = _("organisation in the plan")
        verbose_name_plural = _("organisations in the plan")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organization"], name="planscope_unique",
                violation_error_message=_("This organisation is already in the plan."),
            ),
        ]

    def __str__(self):
        return str(self.organization)


class WorkingGroup(models.Model):
    """A working group (tổ công tác) of the superior that follows some organisations of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="congress_working_groups", blank=True,
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organisations followed"), related_name="+", blank=True,
    )

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["plan", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"], name="workinggroup_unique_name",
                violation_error_message=_("The plan already has a working group of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class CongressKind(models.TextChoices):
    MEMBERS = rules.MEMBERS, _("Members' congress")
    DELEGATES = rules.DELEGATES, _("Delegates' congress")


class CongressState(models.TextChoices):
    """The values of congress.rules.STATES; a test keeps the two in step."""

    PLANNED = rules.PLANNED, _("Planned")
    PREPARING = rules.PREPARING, _("Preparing")
    SUBMITTED = rules.SUBMITTED, _("Submitted for review")
    REVIEWED = rules.REVIEWED, _("Reviewed")
    HELD = rules.HELD, _("Held")
    RESULTS_REPORTED = rules.RESULTS_REPORTED, _("Results reported")
    RATIFIED = rules.RATIFIED, _("Ratified")
    ANNULLED = rules.ANNULLED, _("Annulled")


class Congress(models.Model):
    """The congress (đại hội) of one organisation under a plan."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="congresses")
    organization = models.ForeignKey(
        Organization, verbose_name=_("Party organisation"), on_delete=models.PROTECT, related_name="congresses",
    )
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), help_text=_("Which congress of the organisation this is: 2 for “lần thứ II”."),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CongressKind.choices,
        help_text=_(
            "Set by the superior while the congress is prepared: a delegates' congress for a grassroots committee "
            "of 200 members or more, or below with the superior's consent; a Party branch always holds a members' "
            "congress."
        ),
    )
    is_pilot = models.BooleanField(_("pilot congress"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=CongressState.choices, default=CongressState.PLANNED)
    scheduled_on = models.DateField(_("date"), null=True, blank=True)
    duration_days = models.PositiveSmallIntegerField(
        _("days"), choices=[(1, _("One day")), (2, _("Two days"))], default=1,
        help_text=_("A congress meets for one day, or for two consecutive days from its date."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    # The meeting's times, which the minutes give (docs/domain.md §4a): entered or confirmed by
    # the clerk when the minutes are drafted.
    opening_time = models.TimeField(_("opened at"), null=True, blank=True)
    closing_time = models.TimeField(_("closed at"), null=True, blank=True)
    results_received_on = models.DateField(_("results received on"), null=True, blank=True)
    ratified_on = models.DateField(_("ratified on"), null=True, blank=True)
    annulment_reason = models.TextField(_("reason for annulment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["plan", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organization"], name="congress_one_per_plan",
                violation_error_message=_("This organisation already has a congress under this plan."),
            ),
            models.CheckConstraint(condition=Q(state__in=CongressState.values), name="congress_state_known"),
            models.CheckConstraint(condition=Q(kind__in=CongressKind.values), name="congress_kind_known"),
            models.CheckConstraint(
                condition=Q(ordinal__gte=1), name="congress_ordinal_from_one",
                violation_error_message=_("A congress is numbered from 1."),
            ),
            models.CheckConstraint(
                condition=Q(duration_days__in=rules.CONGRESS_DURATIONS), name="congress_one_or_two_days",
                violation_error_message=_("A congress meets for one day or two."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The official name, in Vietnamese whatever the interface language: "Đại hội Chi bộ
        TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2022–2025"."""
        return f"Đại hội {self.organization.name} {rules.ordinal_text(self.ordinal)}, nhiệm kỳ {self.plan.term}"

    @property
    def issuer_lines(self) -> str:
        """The congress named as the issuer of its documents, top left (docs/domain.md §4): "CHI BỘ
        ... / ĐẠI HỘI LẦN THỨ II / NHIỆM KỲ 2022–2025"."""
        return "\n".join([
            self.organization.name.upper(),
            f"ĐẠI HỘI {rules.ordinal_text(self.ordinal).upper()}",
            f"NHIỆM KỲ {self.plan.term}",
        ])

    @property
    def days(self) -> tuple:
        """The days the congress meets (congress.rules.congress_day_dates): empty with no date."""
        return rules.congress_day_dates(self.scheduled_on, self.duration_days)


# --- What a congress gathers -------------------------------------------------------------------


class CongressDocumentRole(models.TextChoices):
    """The place of a document in a congress's file (docs/domain.md §2 steps 3, 5, 6, 7)."""

    POLITICAL_REPORT = "political_report", _("Political report")
    SELF_REVIEW = "self_review", _("Committee's self-review report")
    DRAFT_RESOLUTION = "draft_resolution", _("Resolution")
    ACTION_PROGRAMME = "action_programme", _("Action programme")
    MINUTES = "minutes", _("Congress minutes")
    CONCLUSION_NOTICE = "conclusion_notice", _("Review conclusion notice")
    RATIFICATION = "ratification", _("Ratification decision")
    APPOINTMENT = "appointment", _("Decision appointing the secretary")


# The documents a branch drafts and submits for review, in the order the page lists them, with
# the type each one is drafted as.
SUBMITTED_ROLES = {
    CongressDocumentRole.POLITICAL_REPORT: "BC",
    CongressDocumentRole.SELF_REVIEW: "BC",
    CongressDocumentRole.DRAFT_RESOLUTION: "NQ",
    CongressDocumentRole.ACTION_PROGRAMME: "CTr",
}
# Those without which the congress cannot be submitted for review (the self-review report is
# folded into the political report where there is no committee, and the action programme is
# optional: docs/domain.md §2 step 3).
REQUIRED_ROLES = (CongressDocumentRole.POLITICAL_REPORT, CongressDocumentRole.DRAFT_RESOLUTION)


class CongressDocument(models.Model):
    """A document in a congress's file. The branch's own documents (reports, the resolution, the
    minutes) are numbered in the congress's sequence (`congress_sequence_key`)."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="documents")
    role = models.CharField(_("role"), max_length=30, choices=CongressDocumentRole.choices)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="congress_role")

    class Meta:
        verbose_name = _("congress document")
        verbose_name_plural = _("congress documents")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "role"], name="congressdocument_one_per_role",
                violation_error_message=_("The congress already has this document."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.document}"


# The superior's documents about a congress that the organisation holding it reads once issued.
SHARED_ROLES = (
    CongressDocumentRole.CONCLUSION_NOTICE, CongressDocumentRole.RATIFICATION, CongressDocumentRole.APPOINTMENT,
)


def congress_document_readers(document: Document) -> list[Organization]:
    """For documents.access: the organisation holding the congress reads the superior's issued
    conclusion notice and ratification decision about it."""
    if document.state != "issued":
        return []
    return list(Organization.objects.filter(
        congresses__documents__document=document, congresses__documents__role__in=SHARED_ROLES,
    ))


def congress_sequence_key(congress_id: int) -> str:
    """The number sequence of a congress's own documents ("01-NQ/ĐH", "02-BB/ĐH")."""
    return f"congress:{congress_id}"


class Target(models.Model):
    """A target (chỉ tiêu) the congress sets for its term: "trên 95% đảng viên hoàn thành tốt
    nhiệm vụ" (congress.targets writes it). Entered with the draft resolution and reviewed with
    it; each year of the term records what was achieved (TargetResult)."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(
        _("what is measured"), max_length=300,
        help_text=_("e.g. “đảng viên hoàn thành tốt nhiệm vụ”, or “kết nạp” for a count of new members."),
    )
    comparison = models.CharField(
        _("comparison"), max_length=10,
        choices=[
            (Comparison.EXACTLY.value, _("exactly (100%)")),
            (Comparison.ABOVE.value, _("above (trên)")),
            (Comparison.AT_LEAST.value, _("at least (từ ... trở lên)")),
            (Comparison.AT_MOST.value, _("at most (không quá)")),
            (Comparison.BELOW.value, _("below (dưới)")),
        ],
        default=Comparison.AT_LEAST.value,
    )
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, default="%", help_text=_("“%” or what is counted: “đảng viên mới”."))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["congress", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
            models.CheckConstraint(condition=Q(comparison__in=[c.value for c in Comparison]), name="target_comparison_known"),
        ]

    def __str__(self):
        return target_text(self.facts)

    @property
    def facts(self) -> TargetFacts:
        return TargetFacts(self.label, Comparison(self.comparison), self.value, self.unit)


class TargetResult(models.Model):
    """What was achieved against a target in one year of the term (the year's review)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="results")
    year = models.PositiveSmallIntegerField(_("year"))
    achieved = models.DecimalField(_("achieved"), max_digits=9, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("target result")
        verbose_name_plural = _("target results")
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="target_result_once_a_year"),
            models.CheckConstraint(condition=Q(achieved__gte=0), name="target_result_not_negative"),
        ]

    def __str__(self):
        return f"{self.target}: {self.year} {self.achieved}"


class CongressGuest(models.Model):
    """Someone from the superior who attends a congress (pilots above all: docs/domain.md §2 step 2)."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("guest from the superior")
        verbose_name_plural = _("guests from the superior")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Debrief(models.Model):
    """The superior's debrief (rút kinh nghiệm) after a pilot congress, published to every
    organisation of the plan once `published_at` is set."""

    congress = models.OneToOneField("Congress", on_delete=models.CASCADE, related_name="debrief")
    lessons = models.TextField(_("lessons learnt"))
    points_to_observe = models.TextField(_("points to observe"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pilot debrief")
        verbose_name_plural = _("pilot debriefs")

    def __str__(self):
        return str(self.congress)


class ReviewMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class ReviewSession(models.Model):
    """A session of the superior reviewing a congress (duyệt đại hội, docs/domain.md §2 step 5)."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="reviews")
    mode = models.CharField(_("mode"), max_length=10, choices=ReviewMode.choices, default=ReviewMode.IN_PERSON)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review session")
        verbose_name_plural = _("review sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mode="online") | ~Q(meeting_link=""), name="review_online_has_link",
                violation_error_message=_("An online review needs its meeting link."),
            ),
            models.CheckConstraint(
                condition=Q(mode__in=["in_person", "online"]), name="review_mode_known",
            ),
        ]

    def __str__(self):
        return f"{self.congress} – {self.starts_at:%d/%m/%Y %H:%M}"


class ReviewVerdict(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REVISE = "revise", _("To revise")


# What a review decides on: the submitted documents, and the personnel plan (issue 5).
PERSONNEL_PLAN_ITEM = "personnel_plan"


class ReviewDecision(models.Model):
    """The superior leaders' decision on one item of a review session."""

    session = models.ForeignKey(ReviewSession, on_delete=models.CASCADE, related_name="decisions")
    item = models.CharField(_("item"), max_length=30)
    verdict = models.CharField(_("decision"), max_length=10, choices=ReviewVerdict.choices)
    comment = models.TextField(_("comments"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            models.UniqueConstraint(fields=["session", "item"], name="reviewdecision_one_per_item"),
            models.CheckConstraint(condition=Q(verdict__in=["approved", "revise"]), name="reviewdecision_known"),
            models.CheckConstraint(
                condition=Q(verdict="approved") | ~Q(comment=""), name="reviewdecision_revise_says_what",
                violation_error_message=_("Say what must be revised."),
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.verdict}"


# --- The congress itself -----------------------------------------------------------------------


class Attendance(models.Model):
    """A member on the summons list of a congress, with the two facts held on the congress date,
    official or probationary and the situation (copied when the list is drawn, correctable:
    docs/domain.md §1.4, Decision D4), and whether they attended.

    At a delegates' congress a row is an official delegate: a member of the convening committee
    (a delegate by right) or a delegate elected by a subordinate congress, and for an absent
    elected delegate whether an alternate took the place (congress.rules.Delegate)."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("branches.Member", verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="+")
    membership = models.CharField(
        _("official or probationary on the congress date"), max_length=16, choices=Membership.choices,
    )
    situation = models.CharField(
        _("situation on the congress date"), max_length=32, choices=Situation.choices, default=Situation.NONE,
    )
    present = models.BooleanField(_("present"), null=True, default=None)
    absence_accepted = models.BooleanField(_("reason for absence accepted"), default=False)
    absence_reason = models.CharField(_("reason for absence"), max_length=255, blank=True)
    is_convening_committee_member = models.BooleanField(_("member of the convening committee"), default=False)
    replaced_by_alternate = models.BooleanField(_("replaced by an alternate delegate"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["member__sort_key", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="attendance_once_per_member"),
            models.CheckConstraint(
                condition=~Q(present=True) | Q(absence_accepted=False), name="attendance_present_not_excused",
                violation_error_message=_("A present member cannot have an accepted reason for absence."),
            ),
            models.CheckConstraint(
                # "present IS NOT NULL" too: a row not marked yet (NULL) would pass "present = false".
                condition=Q(replaced_by_alternate=False) | Q(present__isnull=False, present=False),
                name="attendance_replaced_only_absent",
                violation_error_message=_("Only an absent delegate can be replaced by an alternate."),
            ),
            models.CheckConstraint(
                condition=Q(replaced_by_alternate=False) | Q(is_convening_committee_member=False),
                name="attendance_convening_not_replaced",
                violation_error_message=_("A member of the convening committee is not replaced by an alternate."),
            ),
            models.CheckConstraint(condition=Q(membership__in=Membership.values), name="attendance_membership_known"),
            models.CheckConstraint(condition=Q(situation__in=Situation.values), name="attendance_situation_known"),
        ]

    def __str__(self):
        return str(self.member)

    @property
    def status_label(self) -> str:
        return status_label(self.membership, self.situation)


class AttachedGuest(models.Model):
    """A member temporarily attached to the organisation from elsewhere, on the summons list of
    its members' congress as a guest (docs/domain.md §1.4): summoned and listed, never a voter,
    never a candidate, never in the base [244-QĐ/TW Art. 11 cl. 2, Art. 15 cl. 2]. The name and
    home organisation are copied when the list is drawn, so the list of a congress held stays
    as it was."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="attached_guests")
    attached = models.ForeignKey(
        "branches.AttachedMember", verbose_name=_("member temporarily attached"), on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    home_organization = models.CharField(_("organisation of official membership"), max_length=255)

    class Meta:
        verbose_name = _("member temporarily attached, summoned as a guest")
        verbose_name_plural = _("members temporarily attached, summoned as guests")
        ordering = ["congress", "attached__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "attached"], name="attachedguest_once_per_congress"),
        ]

    def __str__(self):
        return self.full_name


class VoteSubject(models.TextChoices):
    """What the congress decides by show of hands (docs/domain.md §2 step 6, §3)."""

    PRESIDIUM = "presidium", _("Presidium")
    SECRETARIAT = "secretariat", _("Secretariat")
    AGENDA = "agenda", _("Agenda and working rules")
    COUNTING_BOARD = "counting_board", _("Vote-counting board")
    RESOLUTION = "resolution", _("Resolution")


# The subjects that elect people to a body of the congress.
BODY_SUBJECTS = (VoteSubject.PRESIDIUM, VoteSubject.SECRETARIAT, VoteSubject.COUNTING_BOARD)


class ShowOfHands(models.Model):
    """A show-of-hands vote of the congress, with the base it was counted against."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField(_("subject"), max_length=20, choices=VoteSubject.choices)
    members = models.ManyToManyField(
        "branches.Member", verbose_name=_("people elected"), related_name="+", blank=True,
    )
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    base = models.PositiveIntegerField(_("base for the majority"))
    passed = models.BooleanField(_("passed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("show-of-hands vote")
        verbose_name_plural = _("show-of-hands votes")
        ordering = ["congress", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "subject"], name="showofhands_once_per_subject"),
            models.CheckConstraint(condition=Q(subject__in=VoteSubject.values), name="showofhands_subject_known"),
        ]

    def __str__(self):
        return f"{self.get_subject_display()}: {self.votes_for}/{self.base}"


# --- Results and ratification ------------------------------------------------------------------


class ElectedSeat(models.Model):
    """A seat the congress filled: the committee, the secretary, the deputy. Ratification makes
    these the organisation's CommitteeSeats for the plan's term."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="elected")
    member = models.ForeignKey("branches.Member", verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)

    class Meta:
        verbose_name = _("elected seat")
        verbose_name_plural = _("elected seats")
        ordering = ["congress", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "member"], name="elected_once",
                violation_error_message=_("This person is already among the elected."),
            ),
            models.UniqueConstraint(
                fields=["congress"], condition=Q(position="secretary"), name="elected_one_secretary",
                violation_error_message=_("The congress has already elected a secretary."),
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.get_position_display()}"


class DossierKind(models.TextChoices):
    """What the results dossier holds (docs/domain.md §2 step 7)."""

    ELECTION_MINUTES = "election_minutes", _("Election minutes")
    SUMMARY_LIST = "summary_list", _("Summary list of the elected")
    CVS = "cvs", _("CVs of the elected")
    RESOLUTION = "resolution", _("Resolution")
    MINUTES = "minutes", _("Congress minutes")


# Filled by the congress's issued documents rather than by an upload.
DOSSIER_FROM_DOCUMENTS = {
    DossierKind.RESOLUTION: CongressDocumentRole.DRAFT_RESOLUTION,
    DossierKind.MINUTES: CongressDocumentRole.MINUTES,
}


def dossier_upload_to(instance, filename):
    return f"dossiers/{instance.congress_id}/{filename}"


class DossierFile(models.Model):
    """A file of the results dossier (scanned minutes, the summary list, CVs)."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="dossier")
    kind = models.CharField(_("item"), max_length=20, choices=DossierKind.choices)
    file = models.FileField(_("file"), upload_to=dossier_upload_to)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["congress", "kind", "pk"]

    def __str__(self):
        return self.file.name


class Complaint(models.Model):
    """A complaint about a congress (khiếu nại): ratification waits until it is settled."""

    congress = models.ForeignKey("Congress", on_delete=models.CASCADE, related_name="complaints")
    received_on = models.DateField(_("received on"))
    summary = models.TextField(_("summary"))
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settlement = models.TextField(_("how it was settled"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["congress", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(settled_on__isnull=True) | ~Q(settlement=""), name="complaint_settled_says_how",
                violation_error_message=_("Say how the complaint was settled."),
            ),
        ]

    def __str__(self):
        return f"{self.congress} – {self.received_on:%d/%m/%Y}"


class SecretaryAppointment(models.Model):
    """The superior's decision appointing the secretary of an organisation whose congress did
    not elect one (quyết định chỉ định, docs/domain.md §3.11): a QĐ of the superior, issued in
    its register and signed by the leader who recorded it. The appointed secretary is listed
    among the elected, marked appointed, and takes the secretary's seat on ratification."""

    congress = models.OneToOneField("Congress", on_delete=models.CASCADE, related_name="secretary_appointment")
    member = models.ForeignKey(
        "branches.Member", verbose_name=_("secretary appointed"), on_delete=models.PROTECT, related_name="+",
    )
    document = models.OneToOneField(
        Document, verbose_name=_("appointment decision"), on_delete=models.PROTECT, related_name="secretary_appointment",
    )
    appointed_on = models.DateField(_("decision date"))
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("secretary appointment")
        verbose_name_plural = _("secretary appointments")

    def __str__(self):
        return f"{self.congress} – {self.member}"
