"""The summary report of a round (báo cáo kết quả đại hội): drafted from the figures
(reporting.report writes the text) as a BC document of the plan's committee, in its own
register; the clerk then edits, submits and issues it on the document page like any draft.

Drafting again for the same plan and scope while the last report is still a draft saves the
current figures as the draft's next version; once it is issued, drafting again starts a new
report. The charts are not in the body (the sanitizer keeps no SVG): `report_appendix` draws
them for the PDF (see docs/statistics.md, "The summary report").
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.audit import audited
from branches.models import Organization, OrganizationKind
from congress import rules as congress_rules
from congress.models import Plan
from congress.services.congresses import plan_issued_on
from documents import rules as document_rules
from documents.rules import issuing_body_name
from documents.models import Document, DocumentState
from documents.services.documents import create_in_transaction, document_save_body

from .. import report
from ..models import RoundReport
from ..charts import round_charts
from ..statistics import Scope, Totals, totals, units

ACTION_LABELS = {
    "reporting.report.drafted": gettext_lazy("Summary report drafted"),
}


def report_facts(scope: Scope, *, today: datetime.date, found: Totals | None = None) -> report.ReportFacts:
    """What the report says, read from the figures of `scope` (reporting.statistics)."""
    # The plan as it stands (its KH document's number and date), not as the caller loaded it.
    plan = Plan.objects.select_related("organization", "term", "document").get(pk=scope.plan.pk)
    found = found or totals(scope, today=today)
    # A national round's thousands of units are not listed in the report (reporting.report).
    rows = units(scope, today=today) if found["in_scope"] <= report.UNITS_TABLE_LIMIT else []
    kinds = set(
        scope.congresses().exclude(state=congress_rules.ANNULLED).values_list("organization__kind", flat=True).distinct()
    )
    return report.ReportFacts(
        superior_name=plan.organization.name,
        term=str(plan.term),
        plan_symbol=plan.document.symbol,
        plan_date=plan_issued_on(plan),
        scope_label=scope.label if scope.key else "",
        branches_only=bool(kinds) and kinds <= congress_rules.BRANCH_KINDS,
        values=dict(found.values),
        share_lowest=found.share_lowest,
        share_highest=found.share_highest,
        overdue_by_deadline=dict(found.overdue_by_deadline),
        units=tuple(
            report.UnitFacts(
                name=row["organization__name"], held=bool(row["held"]), held_on=row["held_on"],
                is_pilot=row["is_pilot"], elected=row["elected"], re_elected=row["re_elected"], new=row["new"],
                women=row["women"], young=row["young"], secretary_direct=bool(row["secretaries_direct"]),
                secretary_share=row["secretary_share"],
                grassroots_committee=row["organization__kind"] == OrganizationKind.GRASSROOTS_COMMITTEE,
            )
            for row in rows
        ),
    )


def report_recipients(plan: Plan) -> str:
    """"- Ban Thường vụ Thị ủy (để báo cáo), - Các chi bộ trực thuộc, - Lưu VP."."""
    parent = Organization.objects.get_parent(plan.organization)
    lines = [f"- {issuing_body_name(parent.name, parent.kind)} (để báo cáo)," if parent else "- Cấp ủy cấp trên (để báo cáo),"]
    lines += ["- Các tổ chức đảng trực thuộc,", "- Lưu VP."]
    return "\n".join(lines)


def _latest(plan: Plan, scope: Scope) -> RoundReport | None:
    return (
        RoundReport.objects.filter(plan=plan, scope=scope.key).select_related("document")
        .order_by("-created_at", "-pk").first()
    )


def _not_redrafted(document: Document) -> str:
    return _(
        "The summary report “%(subject)s” is being approved (“%(state)s”): it cannot be drafted again until it "
        "is returned, or issued (then a new one is drafted)."
    ) % {"subject": document.subject, "state": document.get_state_display()}


def round_report_draft(*, acting_user, scope: Scope, today: datetime.date) -> RoundReport:
    """Draft the summary report of `scope` as a BC document of the plan's committee, or save the
    current figures as the next version of the scope's report still in draft."""
    plan = scope.plan
    found = totals(scope, today=today)
    facts = report_facts(scope, today=today, found=found)
    if not facts["held"]:
        raise ValidationError(_("No congress of this scope has been held yet: there is nothing to report."))
    body = report.report_body(facts)
    # The appendices (the tables, then the charts) are printed after the signature.
    charts = report.report_appendices(facts) + _charts(found)
    latest = _latest(plan, scope)
    if latest is not None and latest.document.state != DocumentState.ISSUED:
        if latest.document.state not in document_rules.EDITABLE:
            raise ValidationError(_not_redrafted(latest.document))
        # document_save_body owns its transaction (and saves nothing when the text is unchanged).
        document_save_body(
            acting_user=acting_user, document=latest.document, body=body,
            note=_("Drafted again from the figures of %(day)s") % {"day": today.strftime("%d/%m/%Y")},
        )
        RoundReport.objects.filter(pk=latest.pk).update(charts=charts)
        latest.charts = charts
        return latest
    subject = report.report_subject(branches_only=facts.branches_only, term=facts.term, scope_label=facts.scope_label)
    with transaction.atomic(durable=True), audited(acting_user, "reporting.report.drafted", plan=plan.pk, scope=scope.key):
        # The plan's row lock serialises drafting: two clicks make one report.
        Plan.objects.select_for_update(of=("self",)).only("pk").get(pk=plan.pk)
        again = _latest(plan, scope)
        if again is not None and again.document.state != DocumentState.ISSUED:
            raise ValidationError(_("The summary report was drafted meanwhile: open it from the results page."))
        document = create_in_transaction(
            acting_user=acting_user, issuer=plan.organization, doc_type="BC", subject=subject, term=plan.term,
            body=body, approved_by_issuer=True, recipients=report_recipients(plan),
        )
        return RoundReport.objects.create(plan=plan, scope=scope.key, document=document, charts=charts)


def plan_round_reports(plan: Plan) -> list[RoundReport]:
    """The plan's summary reports, newest first."""
    return list(RoundReport.objects.filter(plan=plan).select_related("document").order_by("-created_at", "-pk"))


# --- The charts in the PDF -----------------------------------------------------------------------


def _charts(found: Totals) -> str:
    """The charts of the figures, as the PDF prints them after the body (trusted SVG drawn by
    reporting.charts), in Vietnamese whatever the interface language: an official text."""
    with translation.override("vi"):
        figures = "".join(
            f'<div class="chart"><p class="chart-title">{escape(chart.title)}</p>{chart.svg}</div>'
            for chart in round_charts(found)
        )
    return f'<div class="appendix"><h3>PHỤ LỤC 3. BIỂU ĐỒ KẾT QUẢ ĐẠI HỘI</h3>{figures}</div>'


def report_appendix(document: Document) -> str:
    """The charts of a round report for its PDF (documents.hooks), "" for any other document:
    those drawn when the body was last drafted, so they show the same figures as the text.

    The body cannot hold them (documents.sanitize keeps no SVG, and a clerk's editor would not
    keep them either): the documents app appends them through its render hook."""
    return RoundReport.objects.filter(document=document).values_list("charts", flat=True).first() or ""
