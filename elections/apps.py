from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("Elections")

    def ready(self):
        from auditlog.registry import auditlog

        from branches.audit import register_action_labels
        from branches.seals import register_chains
        from congress.hooks import register_names

        from . import entry_log_chain, hooks, models
        from .services import counting, elections, minutes, personnel

        for area in (personnel, elections, counting, minutes):
            register_action_labels(area.ACTION_LABELS)
        hooks.register()
        # The congress minutes name the issued vote-count minutes (congress.services.minutes).
        register_names("minutes:count_minutes", minutes.issued_minutes_symbols)

        auditlog.register(models.NominationStep, include_fields=["name", "order", "is_active"])
        auditlog.register(
            models.PersonnelPlan,
            include_fields=[
                "congress", "revision", "state", "elects_committee", "committee_size", "elects_deputy",
                "elects_secretary_directly",
                "women_target_percent", "young_target_percent", "young_age_limit", "new_target_percent",
                "delegates_allocated", "alternates_planned", "notes", "submitted_at", "decided_by", "decided_at",
                "decision_comment",
            ],
        )
        auditlog.register(models.Nominee, include_fields=["personnel_plan", "member", "role"])
        auditlog.register(
            models.NominationVote,
            include_fields=["personnel_plan", "step_name", "held_on", "participants", "votes_for", "votes_against", "notes"],
        )
        auditlog.register(
            models.Election,
            include_fields=[
                "congress", "kind", "round", "seats", "state", "counting_mode", "previous_round", "list_votes_for",
                "list_votes_against", "summoned", "present", "absent_at_voting", "base", "ballots_issued",
                "ballots_returned", "totals_valid", "totals_invalid", "outcome", "outcome_note", "minutes", "entry_log",
                "opened_at", "closed_at", "counting_head", "single_name_unclear", "count_started_time",
                "minutes_closed_time",
            ],
        )
        auditlog.register(
            models.Candidate,
            include_fields=[
                "election", "member", "source", "admitted", "floor_votes_for", "withdrawn", "withdrawal_votes_for",
                "withdrawal_reason", "position", "votes", "elected",
            ],
        )
        auditlog.register(models.InvalidReason, include_fields=["code", "name", "is_confirmed", "is_active", "order"])
        auditlog.register(models.InvalidTotal, include_fields=["election", "reason", "count"])
        auditlog.register(models.TermElectionRules, include_fields=["term", "three_seat_surplus", "single_name_unclear"])
        # Each election's entry log is a hash chain that verify_audit walks.
        register_chains(entry_log_chain.entry_log_chains)
        # Ballots and their entries are not audited row by row: the entry log (EntryLogLine)
        # records every keying, correction and tie-break, and is printed for the dossier.
