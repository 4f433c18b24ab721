"""What a congress round leaves besides its elections (docs/domain.md §6): the emulation works
organisations register in honour of the congress (công trình, phần việc chào mừng), the awards
the superior gives after the round, and the summary reports (báo cáo kết quả đại hội) drafted
from the round's figures."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Organization
from congress.models import Plan
from documents.models import Document


class WorkStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class EmulationWork(models.Model):
    """A work or task an organisation registers in honour of the congress ("công trình, phần
    việc chào mừng đại hội"): a small register per organisation of the plan's scope."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="emulation_works")
    organization = models.ForeignKey(
        Organization, verbose_name=_("Party organisation"), on_delete=models.PROTECT, related_name="emulation_works",
    )
    name = models.CharField(_("work or task"), max_length=255)
    owner = models.CharField(_("carried out by"), max_length=255, help_text=_("The unit or people who carry it out."))
    status = models.CharField(_("status"), max_length=12, choices=WorkStatus.choices, default=WorkStatus.REGISTERED)
    registered_on = models.DateField(_("registered on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("emulation work")
        verbose_name_plural = _("emulation works")
        ordering = ["plan", "organization__path", "registered_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=WorkStatus.values), name="emulationwork_status_known"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="completed"),
                name="emulationwork_completed_has_status",
                violation_error_message=_("Only a completed work has a completion date."),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=models.F("registered_on")),
                name="emulationwork_completed_after_registered",
                violation_error_message=_("A work cannot be completed before it is registered."),
            ),
        ]

    def __str__(self):
        return self.name


class AwardCategory(models.TextChoices):
    CONGRESS = "congress", _("Outstanding in organising the congress")
    EMULATION = "emulation", _("Outstanding in the emulation movement in honour of the congress")


class Award(models.Model):
    """An award the superior gives an organisation after the round ("khen thưởng 10 tổ chức cơ
    sở đảng có thành tích xuất sắc trong đại hội")."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="awards")
    organization = models.ForeignKey(
        Organization, verbose_name=_("awarded to"), on_delete=models.PROTECT, related_name="awards",
    )
    category = models.CharField(_("for"), max_length=12, choices=AwardCategory.choices, default=AwardCategory.CONGRESS)
    title = models.CharField(_("award"), max_length=255, default="Giấy khen", help_text=_("E.g. Giấy khen, Bằng khen."))
    reason = models.TextField(_("achievement"), blank=True)
    awarded_on = models.DateField(_("awarded on"))
    decision = models.CharField(_("decision"), max_length=100, blank=True, help_text=_("The decision's symbol, e.g. 215-QĐ/ĐU."))

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["plan", "awarded_on", "organization__path", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=AwardCategory.values), name="award_category_known"),
        ]

    def __str__(self):
        return f"{self.title} – {self.organization}"


class RoundReport(models.Model):
    """The summary report of a round (báo cáo kết quả đại hội) for a plan's scope or part of it:
    a BC document drafted from the figures, then edited and issued like any draft. `scope` is
    the statistics' scope key (reporting.statistics.Scope.key): "" for the whole plan."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="round_reports")
    scope = models.CharField(_("scope"), max_length=40, blank=True)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="round_report")
    # The appendices drawn from the same figures as the body's last drafting, printed after the
    # signature in the PDF: the tables of figures (appendices 1 and 2) and the charts
    # (appendix 3, reporting.charts, trusted SVG). They never disagree with the text.
    charts = models.TextField(_("charts"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("round summary report")
        verbose_name_plural = _("round summary reports")
        ordering = ["plan", "-created_at"]

    def __str__(self):
        return str(self.document)
