"""The congress round (DOMAIN.md §2). So far: the public holidays that working-day deadlines skip."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
