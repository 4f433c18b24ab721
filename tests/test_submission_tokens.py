"""Every create form carries its one-time submission token (branches.submissions): the views
decorated with once_per_submission are the listed ones, and each one's page renders the token
in its form. A new create view is either decorated (and listed here) or named exempt, with its
reason, in the docstring of branches.submissions."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from documents.rules import Actor, Move
from documents.services import documents as document_services
from documents.tests.factories import TermFactory

DECORATED = {
    "member_create", "attached_member_create", "organization_create", "document_create", "comment_create",
    "document_template_create", "plan_create", "plan_work_add", "congress_work_add", "plan_award_add",
}
TOKEN = 'name="submission_token"'


def _names(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "once_per_submission", False):
            yield pattern.name


def test_the_views_counting_each_submission_once_are_the_listed_ones():
    assert set(_names(get_resolver().url_patterns)) == DECORATED


@pytest.mark.parametrize("name", sorted(DECORATED - {"comment_create", "congress_work_add"}))
def test_every_create_page_renders_a_token(clerk_client, open_plan, name):
    TermFactory(start_year=2025, end_year=2030)
    on_plan = name in {"plan_work_add", "plan_award_add"}
    pk = open_plan.pk if on_plan else open_plan.organization_id
    page = clerk_client.get(reverse(name, kwargs={"pk": pk}))
    assert page.status_code == 200
    assert page.content.decode().count(TOKEN) == 1


def test_the_congress_work_page_renders_a_token(en, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    page = en.get(reverse("congress_work_add", kwargs={"pk": congress_a.pk}))
    assert page.status_code == 200 and TOKEN in page.content.decode()


def test_the_comment_form_renders_a_token(en, branch_a, branch_clerk, no_rendering):
    TermFactory(start_year=2022, end_year=2025)
    document = document_services.document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="BC", subject="Báo cáo")
    document_services.document_move(acting_user=branch_clerk, document=document, move=Move.OPEN_COMMENTS, actors={Actor.CLERK})
    en.force_login(branch_clerk)
    page = en.get(reverse("document_detail", kwargs={"pk": document.pk})).content.decode()
    assert 'id="comment-form"' in page
    assert TOKEN in page.split('id="comment-form"')[1].split("</form>")[0]


def test_an_edit_page_renders_no_token(clerk_client, member_a):
    page = clerk_client.get(reverse("member_update", kwargs={"pk": member_a.pk})).content.decode()
    assert TOKEN not in page
