"""The lists an administrator keeps for the elections app. Both are configuration because the
official texts do not settle them (docs/domain.md §2 step 4, §3): the steps of the nomination
process ("quy trình 5 bước", its exact steps unconfirmed), the reasons a ballot is invalid
beyond the confirmed ones, and each term's election rules where the texts are ambiguous. A personnel plan copies the active steps when it is created, so
changing the list here does not change plans already prepared."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import CountingMode, Election, ElectionState, InvalidReason, NominationStep, TermElectionRules
from .readings import AUTO_CODES
from .services.counting import counting_totals_rebuild


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

    # A reason coded "too_many" or "none" names how entries the rules find invalid read: adding,
    # recoding or removing one changes the readings of the ballots being keyed, so their running
    # totals are counted again (after the admin's own transaction, as each rebuild is its own).
    def save_model(self, request, obj, form, change):
        before = InvalidReason.objects.filter(pk=obj.pk).values_list("code", flat=True).first() if change else ""
        super().save_model(request, obj, form, change)
        if before != obj.code and {before, obj.code} & set(AUTO_CODES):
            transaction.on_commit(_recount_open_elections)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if obj.code in AUTO_CODES:
            transaction.on_commit(_recount_open_elections)

    def delete_queryset(self, request, queryset):
        coded = queryset.filter(code__in=AUTO_CODES).exists()
        super().delete_queryset(request, queryset)
        if coded:
            transaction.on_commit(_recount_open_elections)


@admin.register(TermElectionRules)
class TermElectionRulesAdmin(admin.ModelAdmin):
    """A term without a row follows the defaults (one extra name for a 3-seat committee under
    244-QĐ/TW, with a warning; a single-name ballot marked both or neither counts against):
    adding a row for the term changes them. An election takes the reading of unclear marks
    when its voting opens, so a change reaches only the ballots opened afterwards."""

    list_display = ["term", "three_seat_surplus", "single_name_unclear"]
    list_editable = ["three_seat_surplus", "single_name_unclear"]


def _recount_open_elections() -> None:
    for election in Election.objects.filter(state=ElectionState.VOTING, counting_mode=CountingMode.KEYED,
                                            ballots__isnull=False).distinct():
        counting_totals_rebuild(election=election)
