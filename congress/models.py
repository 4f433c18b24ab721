"""The congress round (DOMAIN.md §2): the public holidays that working-day deadlines skip, the
superior's plan (kế hoạch) with its scope, pilots and working groups, and the congresses it
opens."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Organization, Term
from documents.models import Document

from . import rules


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
    kind = models.CharField(_("kind"), max_length=10, choices=CongressKind.choices)
    is_pilot = models.BooleanField(_("pilot congress"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=CongressState.choices, default=CongressState.PLANNED)
    scheduled_on = models.DateField(_("date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
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
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The official name, in Vietnamese whatever the interface language: "Đại hội Chi bộ
        TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2022–2025"."""
        return f"Đại hội {self.organization.name} {rules.ordinal_text(self.ordinal)}, nhiệm kỳ {self.plan.term}"
