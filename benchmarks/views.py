from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from branches.models import Member


@login_not_required
def reference_members(request: HttpRequest) -> HttpResponse:
    """The benchmark's yardstick: 50 members from the same table, the same columns, through a
    minimal template; no roles, no count, no filters, no layout."""
    members = Member.objects.select_related("organization").order_by("sort_key", "pk")[:50]
    return render(request, "benchmarks/reference.html", {"members": members})
