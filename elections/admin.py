"""The lists an administrator keeps for the elections app. Both are configuration because the
official texts do not settle them (DOMAIN.md §2 step 4, §3): the steps of the nomination
process ("quy trình 5 bước", its exact steps unconfirmed) and the reasons a ballot is invalid
beyond the confirmed ones. A personnel plan copies the active steps when it is created, so
changing the list here does not change plans already prepared."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import InvalidReason, NominationStep


@admin.register(NominationStep)
class NominationStepAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": _("Nomination steps (unconfirmed: no official text lists them; new personnel plans copy the "
                       "active ones)"),
        }
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(InvalidReason)
class InvalidReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_confirmed", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "is_confirmed"]
    search_fields = ["name", "code"]
