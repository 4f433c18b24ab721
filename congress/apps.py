from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Congress round")

    def ready(self):
        from auditlog.registry import auditlog

        from branches.audit import register_action_labels
        from documents.access import register_readers

        from . import models

        register_action_labels({
            "congress.plan.created": _("Plan created"),
            "congress.plan.scope_set": _("Organisations and pilots set"),
            "congress.plan.issued": _("Plan issued, congresses opened"),
            "congress.working_group.saved": _("Working group saved"),
            "congress.working_group.deleted": _("Working group deleted"),
            "congress.congress.ordinal_set": _("Ordinal corrected"),
            "congress.congress.kind_set": _("Kind of congress decided"),
            "congress.plan.updated": _("Plan changed"),
            "congress.plan.guidance_set": _("Guidance and templates chosen"),
            # The moves of congress.rules.MOVES
            "congress.congress.start_preparing": _("Preparation started"),
            "congress.congress.submit_for_review": _("Submitted for review"),
            "congress.congress.return_to_preparing": _("Returned for revision"),
            "congress.congress.conclude_review": _("Review concluded"),
            "congress.congress.record_held": _("Recorded as held"),
            "congress.congress.report_results": _("Results reported"),
            "congress.congress.ratify": _("Results ratified"),
            "congress.congress.annul": _("Congress annulled"),
            # Preparing and reviewing
            "congress.congress.scheduled": _("Date and venue set"),
            "congress.guest.saved": _("Guest from the superior saved"),
            "congress.guest.removed": _("Guest from the superior removed"),
            "congress.debrief.saved": _("Pilot debrief saved"),
            "congress.debrief.published": _("Pilot debrief published"),
            "congress.document.attached": _("Document drafted for the congress"),
            "congress.review.scheduled": _("Review session scheduled"),
            "congress.review.decided": _("Review decision taken"),
            "congress.review.notice_drafted": _("Conclusion notice drafted"),
            # The congress itself
            "congress.attendance.drawn": _("Summons list drawn"),
            "congress.attendance.recorded": _("Attendance recorded"),
            "congress.vote.recorded": _("Show-of-hands vote recorded"),
            "congress.agenda.saved": _("Agenda saved"),
            "congress.resolution.adopted": _("Resolution adopted"),
            "congress.minutes.drafted": _("Minutes drafted"),
            "congress.minutes.issued": _("Minutes issued"),
            "congress.resolution.drafted": _("Resolution drafted from the congress records"),
            "congress.target.saved": _("Target saved"),
            "congress.target.deleted": _("Target deleted"),
            "congress.target.moved": _("Targets reordered"),
            "congress.target_results.saved": _("Yearly results of the targets recorded"),
            # Results and ratification
            "congress.elected.saved": _("Elected recorded"),
            "congress.elected.removed": _("Removed from the elected"),
            "congress.dossier.uploaded": _("Dossier file added"),
            "congress.dossier.removed": _("Dossier file removed"),
            "congress.complaint.recorded": _("Complaint recorded"),
            "congress.complaint.settled": _("Complaint settled"),
            "congress.secretary.appointed": _("Secretary appointed by the superior"),
        })

        register_readers(models.congress_document_readers)

        auditlog.register(
            models.Plan,
            include_fields=[
                "organization", "term", "document", "pilots_held_by", "congresses_held_by",
                "documents_days_before", "report_working_days", "ratify_working_days",
                "elects_secretary_directly", "opened_at",
            ],
            m2m_fields={"guidance", "templates"},
        )
        auditlog.register(models.PlanScope, include_fields=["plan", "organization", "is_pilot"])
        auditlog.register(
            models.WorkingGroup, include_fields=["plan", "name"], m2m_fields={"members", "organizations"},
        )
        auditlog.register(
            models.Congress,
            include_fields=[
                "plan", "organization", "ordinal", "kind", "is_pilot", "state", "scheduled_on", "duration_days", "venue",
                "agenda",
                "held_on", "opening_time", "closing_time", "results_received_on", "ratified_on", "annulment_reason",
            ],
        )
        auditlog.register(models.CongressDocument, include_fields=["congress", "role", "document"])
        auditlog.register(models.CongressGuest, include_fields=["congress", "name", "position"])
        auditlog.register(models.Debrief, include_fields=["congress", "lessons", "points_to_observe", "published_at"])
        auditlog.register(
            models.ReviewSession, include_fields=["congress", "mode", "starts_at", "place", "meeting_link", "concluded_at"],
        )
        auditlog.register(models.ReviewDecision, include_fields=["session", "item", "verdict", "comment"])
        auditlog.register(
            models.Attendance,
            include_fields=[
                "congress", "member", "membership", "situation", "present", "absence_accepted", "absence_reason",
                "is_convening_committee_member", "replaced_by_alternate",
            ],
        )
        auditlog.register(
            models.ShowOfHands, include_fields=["congress", "subject", "votes_for", "votes_against", "base", "passed"],
            m2m_fields={"members"},
        )
        auditlog.register(models.ElectedSeat, include_fields=["congress", "member", "position", "votes"])
        auditlog.register(
            models.SecretaryAppointment, include_fields=["congress", "member", "document", "appointed_on", "appointed_by"],
        )
        auditlog.register(models.DossierFile, include_fields=["congress", "kind", "file"])
        auditlog.register(
            models.Complaint, include_fields=["congress", "received_on", "summary", "settled_on", "settlement"],
        )
        auditlog.register(models.Holiday, include_fields=["date", "name"])
        auditlog.register(models.Target, include_fields=["congress", "position", "label", "comparison", "value", "unit"])
        auditlog.register(models.TargetResult, include_fields=["target", "year", "achieved", "note"])
