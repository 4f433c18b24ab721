"""Personnel plans and elections (docs/domain.md §2 step 4, §3): the branch's personnel plan (đề án
nhân sự) approved by the superior's leaders, and the secret-ballot elections at the congress:
candidate lists, paper ballots keyed twice, the tally, the decisions the congress takes when
the ballot does not settle everything, and the vote-count minutes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Member, Term
from congress.models import Congress
from documents.models import Document

# --- The personnel plan --------------------------------------------------------------------------


class NominationStep(models.Model):
    """A step of the nomination process ("quy trình 5 bước"). Its exact steps are unconfirmed
    (docs/domain.md §2 step 4), so they are data an administrator keeps; a personnel plan copies the
    active steps when it is created and records the vote taken at each."""

    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("nomination step")
        verbose_name_plural = _("nomination steps")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class PersonnelPlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the superior")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")


# The states in which a revision may still be edited by the branch.
PERSONNEL_PLAN_EDITABLE = frozenset({PersonnelPlanState.DRAFT, PersonnelPlanState.RETURNED})


class PersonnelPlan(models.Model):
    """One revision of a congress's personnel plan. An approved revision is locked: a change
    means a new revision, submitted and approved again. The congress's current plan is its
    highest revision."""

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="personnel_plans")
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    state = models.CharField(_("state"), max_length=12, choices=PersonnelPlanState.choices, default=PersonnelPlanState.DRAFT)
    elects_committee = models.BooleanField(
        _("elects a committee"), default=True,
        help_text=_("A branch with fewer than 9 official members elects a secretary and possibly a deputy, no committee."),
    )
    committee_size = models.PositiveSmallIntegerField(_("committee members to elect"), null=True, blank=True)
    elects_deputy = models.BooleanField(_("elects a deputy secretary"), default=True)
    # A choice of each congress (docs/domain.md §3.3), recorded here rather than once for the
    # whole round: the round's plan (congress.models.Plan) gives only the default of a new plan.
    elects_secretary_directly = models.BooleanField(
        _("the congress elects the secretary directly"), default=False,
        help_text=_("Grassroots committees only: the congress, not the new committee at its first meeting, "
                    "elects the secretary."),
    )
    women_target_percent = models.PositiveSmallIntegerField(_("women, at least (%)"), default=15)
    young_target_percent = models.PositiveSmallIntegerField(_("young cadres, at least (%)"), default=0)
    young_age_limit = models.PositiveSmallIntegerField(
        _("young means under (years)"), default=40,
        help_text=_("Age on the congress date below which a nominee counts as a young cadre."),
    )
    new_target_percent = models.PositiveSmallIntegerField(_("new members, at least (%)"), default=0)
    delegates_allocated = models.PositiveSmallIntegerField(
        _("official delegates allocated"), default=0,
        help_text=_("Official delegates to the higher congress, as the superior allocated them."),
    )
    alternates_planned = models.PositiveSmallIntegerField(_("alternate delegates to elect"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("personnel plan")
        verbose_name_plural = _("personnel plans")
        ordering = ["congress", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "revision"], name="personnel_plan_revision_unique"),
            models.CheckConstraint(condition=Q(state__in=PersonnelPlanState.values), name="personnel_plan_state_known"),
            models.CheckConstraint(
                condition=Q(elects_committee=False) | Q(committee_size__gte=1),
                name="personnel_plan_committee_sized",
                violation_error_message=_("Say how many committee members the congress elects."),
            ),
            models.CheckConstraint(
                condition=Q(women_target_percent__lte=100) & Q(young_target_percent__lte=100) & Q(new_target_percent__lte=100),
                name="personnel_plan_targets_percent",
                violation_error_message=_("A target is a percentage between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.congress} – {self.revision}"


class NomineeRole(models.TextChoices):
    COMMITTEE = "committee", _("Committee member")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    OFFICIAL_DELEGATE = "official_delegate", _("Official delegate")
    ALTERNATE_DELEGATE = "alternate_delegate", _("Alternate delegate")


class Nominee(models.Model):
    """A person the plan nominates for a role. The facts leaders look at (age, gender, years in
    the Party, current seat, re-elected or new) are read from the member and the committees,
    never typed (elections.selectors.personnel)."""

    personnel_plan = models.ForeignKey(
        PersonnelPlan, verbose_name=_("personnel plan"), on_delete=models.CASCADE, related_name="nominees",
    )
    member = models.ForeignKey(Member, verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("nominated for"), max_length=20, choices=NomineeRole.choices)

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["personnel_plan", "role", "member__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["personnel_plan", "member", "role"], name="nominee_once_per_role",
                violation_error_message=_("This person is already nominated for this role."),
            ),
            models.CheckConstraint(condition=Q(role__in=NomineeRole.values), name="nominee_role_known"),
        ]

    def __str__(self):
        return f"{self.member} – {self.get_role_display()}"


class NominationVote(models.Model):
    """The vote taken at one step of the nomination process for one plan revision."""

    personnel_plan = models.ForeignKey(
        PersonnelPlan, verbose_name=_("personnel plan"), on_delete=models.CASCADE, related_name="steps",
    )
    step_name = models.CharField(_("step"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("people taking part"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("nomination step vote")
        verbose_name_plural = _("nomination step votes")
        ordering = ["personnel_plan", "order", "pk"]

    def __str__(self):
        return self.step_name

    @property
    def is_recorded(self) -> bool:
        return self.held_on is not None and self.votes_for is not None


# --- Elections -----------------------------------------------------------------------------------


class ElectionKind(models.TextChoices):
    """What a secret ballot elects (docs/domain.md §3). A branch congress never elects an inspection
    committee, so there is no such kind."""

    COMMITTEE = "committee", _("Branch committee")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    OFFICIAL_DELEGATES = "official_delegates", _("Official delegates to the higher congress")
    ALTERNATE_DELEGATES = "alternate_delegates", _("Alternate delegates to the higher congress")


class ElectionState(models.TextChoices):
    PREPARING = "preparing", _("Candidate list in preparation")
    VOTING = "voting", _("Voting and counting")
    CLOSED = "closed", _("Closed")


class CountingMode(models.TextChoices):
    KEYED = "keyed", _("Ballots keyed twice")
    TOTALS = "totals", _("Totals counted by hand")


class ElectionOutcome(models.TextChoices):
    """What the congress decided when the ballot left seats open (docs/domain.md §3)."""

    COMPLETE = "complete", _("All seats filled")
    FURTHER_ROUND = "further_round", _("Another round decided")
    LEAVE_VACANT = "leave_vacant", _("Seats left vacant")
    APPOINT = "appoint", _("To be appointed by the superior")


class UnclearMark(models.TextChoices):
    """How a single-name ballot (agree/disagree columns) marked both or neither is read
    (docs/domain.md §3.6, Decision D14): unconfirmed, so a setting of the term."""

    AGAINST = "against", _("Not a vote for the person; the ballot stays valid")
    INVALID = "invalid", _("The ballot is invalid")


class ThreeSeatSurplus(models.TextChoices):
    """Under 244-QĐ/TW a 3-seat committee's list is ambiguous: one extra name is 33% of the
    seats, over the 30% limit that rounds down to no surplus (docs/domain.md §3.8)."""

    ONE_EXTRA = "one_extra", _("One extra name allowed, with a warning")
    NONE = "none", _("No extra name")


class TermElectionRules(models.Model):
    """The election rules a term's congresses follow where the regulation is ambiguous or silent
    (docs/domain.md §3.6, §3.8). Created with the defaults the first time it is read
    (elections.selectors.elections.term_rules); an administrator edits it in /admin/."""

    term = models.OneToOneField(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, primary_key=True, related_name="election_rules",
    )
    three_seat_surplus = models.CharField(
        _("a 3-seat committee under 244-QĐ/TW"), max_length=10, choices=ThreeSeatSurplus.choices,
        default=ThreeSeatSurplus.ONE_EXTRA,
        help_text=_("Whether a list for 3 seats may have a fourth name. Under 190-QĐ/TW a committee of 3 to 5 seats "
                    "always has at most one extra name."),
    )
    single_name_unclear = models.CharField(
        _("a single-name ballot marked both or neither"), max_length=10, choices=UnclearMark.choices,
        default=UnclearMark.AGAINST,
        help_text=_("Fixed for each election when its voting opens."),
    )

    class Meta:
        verbose_name = _("election rules of a term")
        verbose_name_plural = _("election rules of the terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(three_seat_surplus__in=ThreeSeatSurplus.values), name="term_rules_three_seat_known",
            ),
            models.CheckConstraint(condition=Q(single_name_unclear__in=UnclearMark.values), name="term_rules_unclear_known"),
        ]

    def __str__(self):
        return str(self.term)


class Election(models.Model):
    """One round of a secret ballot at a congress. A further round is a new Election with the
    next round number, restricted to the candidates the congress chose."""

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="elections")
    kind = models.CharField(_("election"), max_length=24, choices=ElectionKind.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    seats = models.PositiveSmallIntegerField(_("seats"))
    state = models.CharField(_("state"), max_length=10, choices=ElectionState.choices, default=ElectionState.PREPARING)
    counting_mode = models.CharField(_("counting"), max_length=10, choices=CountingMode.choices, default=CountingMode.KEYED)
    previous_round = models.OneToOneField(
        "self", verbose_name=_("previous round"), on_delete=models.PROTECT, null=True, blank=True, related_name="next_round",
    )
    # The list and the number to elect, approved by show of hands (docs/domain.md §3).
    list_votes_for = models.PositiveIntegerField(_("votes approving the list"), null=True, blank=True)
    list_votes_against = models.PositiveIntegerField(_("votes against the list"), null=True, blank=True)
    # Figures on the vote-count minutes, fixed when voting opens.
    summoned = models.PositiveIntegerField(_("official members summoned"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    absent_at_voting = models.PositiveIntegerField(_("absent at the time of voting"), default=0)
    base = models.PositiveIntegerField(_("base for the majority"), null=True, blank=True)
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    ballots_returned = models.PositiveIntegerField(_("ballots returned"), null=True, blank=True)
    # Totals mode only: the counting board's own figures.
    totals_valid = models.PositiveIntegerField(_("valid ballots"), null=True, blank=True)
    totals_invalid = models.PositiveIntegerField(_("invalid ballots"), null=True, blank=True)
    # Who heads the counting board (tổ trưởng / trưởng ban), chosen when voting opens: signs the
    # vote-count minutes by name (docs/domain.md §3.14).
    counting_head = models.ForeignKey(
        Member, verbose_name=_("head of the counting board"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    # The term's reading of a single-name ballot marked both or neither, fixed when voting
    # opens so that one count never mixes two readings; empty for elections opened before the
    # setting existed, read as UnclearMark.AGAINST (the reading they were counted with).
    single_name_unclear = models.CharField(
        _("a single-name ballot marked both or neither"), max_length=10, choices=UnclearMark.choices, blank=True,
    )
    # The counting's times on the vote-count minutes (docs/domain.md §4a), entered or confirmed
    # by the clerk when the minutes are drafted.
    count_started_time = models.TimeField(_("counting started at"), null=True, blank=True)
    minutes_closed_time = models.TimeField(_("minutes closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ElectionOutcome.choices, blank=True)
    outcome_note = models.TextField(_("decision of the congress"), blank=True)
    minutes = models.OneToOneField(
        Document, verbose_name=_("vote-count minutes"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    entry_log = models.OneToOneField(
        Document, verbose_name=_("ballot entry log"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("voting opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["congress", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind", "round"], name="election_round_unique"),
            models.CheckConstraint(condition=Q(kind__in=ElectionKind.values), name="election_kind_known"),
            models.CheckConstraint(condition=Q(state__in=ElectionState.values), name="election_state_known"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats",
                                   violation_error_message=_("An election fills at least one seat.")),
            models.CheckConstraint(condition=Q(round__gte=1), name="election_round_positive"),
            models.CheckConstraint(
                condition=Q(ballots_returned__isnull=True) | Q(ballots_issued__isnull=False, ballots_returned__lte=models.F("ballots_issued")),
                name="election_returned_le_issued",
                violation_error_message=_("More ballots returned than issued."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.round})"


class CandidateSource(models.TextChoices):
    NOMINEE = "nominee", _("Personnel plan")
    FLOOR = "floor", _("Nominated from the floor")
    PREVIOUS_ROUND = "previous_round", _("Previous round")
    ADDED = "added", _("Added by the congress for this round")


class Candidate(models.Model):
    """A person on an election's list, where they came from, and what the ballot gave them.

    A floor nomination is kept even when the congress did not admit it (admitted False), with
    its vote; a withdrawal the congress accepted leaves the row with withdrawn True."""

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(Member, verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=16, choices=CandidateSource.choices, default=CandidateSource.NOMINEE)
    admitted = models.BooleanField(_("on the list"), default=True)
    floor_votes_for = models.PositiveIntegerField(_("present agreeing to the nomination"), null=True, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawal_votes_for = models.PositiveIntegerField(_("votes agreeing to the withdrawal"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for the withdrawal"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("number on the ballot"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "position", "member__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "member"], name="candidate_once",
                violation_error_message=_("This person is already on the list."),
            ),
            models.UniqueConstraint(fields=["election", "position"], name="candidate_position_unique"),
        ]

    def __str__(self):
        return str(self.member)

    @property
    def on_ballot(self) -> bool:
        return self.admitted and not self.withdrawn


class InvalidReason(models.Model):
    """Why a ballot is invalid. The confirmed cases (docs/domain.md §3) carry a code: "too_many" and
    "none" are recognised from the keyed names; the others are a list an administrator keeps,
    because which marks spoil a ballot is unconfirmed."""

    code = models.SlugField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("reason"), max_length=255)
    is_confirmed = models.BooleanField(_("in the regulation"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reason a ballot is invalid")
        verbose_name_plural = _("reasons a ballot is invalid")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="invalid_reason_code_unique"),
        ]

    def __str__(self):
        return self.name


class Ballot(models.Model):
    """A paper ballot, by the serial number the counting board wrote on it."""

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="ballots")
    serial = models.PositiveIntegerField(_("serial number"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["election", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["election", "serial"], name="ballot_serial_unique"),
            models.CheckConstraint(condition=Q(serial__gte=1), name="ballot_serial_positive"),
        ]

    def __str__(self):
        return f"#{self.serial}"


class BallotEntry(models.Model):
    """One operator's reading of one ballot: the candidates (their numbers on the ballot,
    Candidate.position) who get no vote from it (struck out, or "không đồng ý", or both or neither marked), or invalid with a reason.

    Entries by different operators are compared; a ballot counts once two agree."""

    ballot = models.ForeignKey(Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="entries")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="+")
    struck = models.JSONField(_("names struck out"), default=list, blank=True)
    invalid_reason = models.ForeignKey(
        InvalidReason, verbose_name=_("invalid"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    keyed_at = models.DateTimeField(_("keyed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("corrected at"), auto_now=True)

    class Meta:
        verbose_name = _("ballot entry")
        verbose_name_plural = _("ballot entries")
        ordering = ["ballot", "keyed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "operator"], name="ballot_entry_once_per_operator"),
        ]

    def __str__(self):
        return f"{self.ballot} – {self.operator}"


class EntryAction(models.TextChoices):
    KEYED = "keyed", _("Keyed")
    CORRECTED = "corrected", _("Corrected")
    TIE_BREAK = "tie_break", _("Keyed to settle a disagreement")


class EntryLogLine(models.Model):
    """A line of the ballot entry log (nhật ký nhập phiếu): who keyed which ballot when, with
    what, and each correction that reconciled a disagreement. Printed and filed in the dossier."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="entry_log_lines",
    )
    serial = models.PositiveIntegerField(_("serial number"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=10, choices=EntryAction.choices)
    reading = models.CharField(_("reading"), max_length=500)
    resolved_disagreement = models.BooleanField(_("settled a disagreement"), default=False)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    # The line's seal in its election's hash chain (elections.entry_log_chain): empty only on a
    # line written around the service, which verify_audit reports.
    position = models.PositiveIntegerField(_("position in the chain"), null=True, blank=True)
    previous_hash = models.CharField(_("previous seal"), max_length=64, blank=True)
    hash = models.CharField(_("seal"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("ballot entry log line")
        verbose_name_plural = _("ballot entry log")
        ordering = ["election", "at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "position"], name="entry_log_line_position_unique"),
        ]

    def __str__(self):
        return f"#{self.serial} {self.action}"


class InvalidTotal(models.Model):
    """Totals mode: how many ballots the counting board found invalid for a reason."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="invalid_totals",
    )
    reason = models.ForeignKey(InvalidReason, verbose_name=_("reason"), on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("ballots"))

    class Meta:
        verbose_name = _("invalid ballots by reason")
        verbose_name_plural = _("invalid ballots by reason")
        constraints = [models.UniqueConstraint(fields=["election", "reason"], name="invalid_total_once")]


class CountingTotals(models.Model):
    """The running totals of a keyed election's ballots, so that the counting page reads them in
    a few rows instead of reading every entry: the ballots keyed once, agreed and in disagreement
    (with the serials of the latter), and over the agreed readings the valid ballots, each
    position's votes and the invalid ballots by reason.

    Written only by elections.services.counting, under the election's row lock: in the same
    transaction as the entry it counts (ballot_key), or counted again from every entry
    (counting_totals_rebuild: entries written straight to the tables, a reason the rules
    recognise recoded; closing, should they have drifted). What a ballot reads is
    elections.readings over elections.rules, as for the count of every entry closing makes."""

    election = models.OneToOneField(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, primary_key=True, related_name="counting_totals",
    )
    keyed_once = models.PositiveIntegerField(default=0)
    agreed = models.PositiveIntegerField(default=0)
    # Serials of the ballots in disagreement, in order: few, and listed on the page.
    disagreements = models.JSONField(default=list, blank=True)
    valid = models.PositiveIntegerField(default=0)
    # Position on the ballot (as text) -> votes on the agreed valid ballots.
    votes = models.JSONField(default=dict, blank=True)
    # [reason, ballots] pairs over the agreed invalid ballots: an InvalidReason pk, or the rule's
    # code when the list lacks the reason (pairs keep the two apart, as JSON keys would not).
    invalid = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("running totals")
        verbose_name_plural = _("running totals")


class OperatorTotals(models.Model):
    """One operator's running totals in a keyed election: ballots keyed, of them read invalid,
    and the votes their own valid readings give each position (as text). Kept with
    CountingTotals."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="operator_totals",
    )
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="+")
    keyed = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    votes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("running totals")
        verbose_name_plural = _("running totals")
        constraints = [models.UniqueConstraint(fields=["election", "operator"], name="operator_totals_once")]
