"""The congress page's box of emulation works (templates/congress/congress_detail.html): the
congress app does not know the reporting app, so the page asks for the box through this tag
rather than its view (docs/architecture.md: arrows point one way)."""

from django import template
from django.urls import reverse

from branches.access import Need, access_for

from ..models import EmulationWork

register = template.Library()


@register.inclusion_tag("reporting/register_congress_box.html", takes_context=True)
def emulation_works_box(context, congress):
    """The works `congress`'s organisation registered for its plan, with an "add" link for its
    clerks (and the superior's) and a link to the plan's register for those who read the plan."""
    from ..views.register import STATUS_BADGES

    request = context["request"]
    access = access_for(request)
    works = list(EmulationWork.objects.filter(plan_id=congress.plan_id, organization_id=congress.organization_id))
    for work in works:
        work.badge = STATUS_BADGES.get(work.status, "text-bg-secondary")
    return {
        "congress": congress,
        "works": works,
        "can_add": access.can(congress.organization, Need.EDIT),
        "plan_url": reverse("plan_emulation", kwargs={"pk": congress.plan_id})
        if access.can(congress.plan.organization, Need.VIEW) else "",
    }
