"""The summary report of a round (báo cáo kết quả đại hội): the plan's clerk drafts it from the
figures of a scope; it opens on the document page, where it is edited and issued like any draft."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Need, access_for
from congress.access import get_plan

from ..services.report import plan_round_reports, round_report_draft
from ..statistics import Scope


def _results(plan_pk: int, scope_key: str = "") -> str:
    url = reverse("plan_results", kwargs={"pk": plan_pk})
    return f"{url}?{urlencode({'scope': scope_key})}" if scope_key else url


@require_POST
def plan_report_draft(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, need=Need.EDIT)
    scope = Scope.parse(plan, request.POST.get("scope", ""))
    if scope is None:
        messages.error(request, _("That scope is not part of this plan: no report was drafted."))
        return redirect(_results(plan.pk))
    try:
        report = round_report_draft(acting_user=request.user, scope=scope, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_results(plan.pk, scope.key))
    messages.success(request, _("The summary report was drafted from the figures: edit it here, then submit it."))
    return redirect("document_detail", pk=report.document_id)


def report_context(request: HttpRequest, plan, scope: Scope) -> dict:
    """What templates/reporting/_report_button.html needs, for the page that includes it (the
    results page): the plan's summary reports, and whether this user may draft one."""
    return {
        "round_reports": plan_round_reports(plan),
        "can_draft_report": access_for(request).can(plan.organization, Need.EDIT),
        "report_scope": scope,
    }
