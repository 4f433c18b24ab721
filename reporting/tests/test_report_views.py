"""Drafting the summary report from the results page: POST only, for the plan's clerk; a bad
scope or a scope with nothing held answers with a message and creates nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from congress.tests.builders import put_in_state
from documents.models import Document
from reporting.models import RoundReport
from reporting.statistics import Scope
from reporting.views.report import report_context


@pytest.fixture
def held_a(open_plan, congress_a):
    put_in_state(congress_a, "held", held_on=datetime.date(2022, 6, 20))
    return open_plan


def url(plan):
    return reverse("plan_report_draft", args=[plan.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_get_is_not_allowed(clerk_client, open_plan):
    assert clerk_client.get(url(open_plan)).status_code == 405


def test_drafts_and_opens_the_document(clerk_client, held_a, superior):
    response = clerk_client.post(url(held_a), {"scope": ""})

    report = RoundReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("document_detail", args=[report.document_id])
    assert report.document.issuer == superior and report.document.doc_type == "BC"
    assert messages_of(response) == ["The summary report was drafted from the figures: edit it here, then submit it."]
    # The document page opens on it (the documents app's own page).
    assert clerk_client.get(response.url).status_code == 200


def test_a_scope_of_the_plan(clerk_client, held_a, branch_a):
    clerk_client.post(url(held_a), {"scope": f"org:{branch_a.pk}"})

    assert RoundReport.objects.get().scope == f"org:{branch_a.pk}"


@pytest.mark.parametrize("scope", ["org:999999", "sector:nowhere", "group:1", "bogus:x"])
def test_an_unknown_scope_is_refused(clerk_client, held_a, scope):
    documents = Document.objects.count()

    response = clerk_client.post(url(held_a), {"scope": scope})

    assert response.status_code == 302 and response.url == reverse("plan_results", args=[held_a.pk])
    assert messages_of(response) == ["That scope is not part of this plan: no report was drafted."]
    assert not RoundReport.objects.exists() and Document.objects.count() == documents


def test_nothing_held_is_refused(clerk_client, open_plan, branch_b):
    documents = Document.objects.count()

    response = clerk_client.post(url(open_plan), {"scope": f"org:{branch_b.pk}"})

    assert response.status_code == 302
    assert response.url == reverse("plan_results", args=[open_plan.pk]) + f"?scope=org%3A{branch_b.pk}"
    assert messages_of(response) == ["No congress of this scope has been held yet: there is nothing to report."]
    assert not RoundReport.objects.exists() and Document.objects.count() == documents


def test_the_include_offers_the_button_and_lists_the_reports(clerk_client, held_a, superior_clerk, superior_viewer):
    clerk_client.post(url(held_a))
    report = RoundReport.objects.get()
    request = RequestFactory().get("/")
    request.user = superior_clerk

    context = {"plan": held_a, **report_context(request, held_a, Scope(held_a))}
    html = render_to_string("reporting/_report_button.html", context, request=request)

    assert f'action="{url(held_a)}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="scope" value="">' in html
    assert reverse("document_detail", args=[report.document_id]) in html
    assert report.document.subject in html

    request = RequestFactory().get("/")
    request.user = superior_viewer
    context = {"plan": held_a, **report_context(request, held_a, Scope(held_a))}
    html = render_to_string("reporting/_report_button.html", context, request=request)
    assert "csrfmiddlewaretoken" not in html  # a viewer sees the reports, not the button
    assert reverse("document_detail", args=[report.document_id]) in html
