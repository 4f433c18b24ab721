"""Free text fits and can be stored (issue 15, item 5): a comment holding a NUL failed the
audit write on PostgreSQL (500) and a comment of 2,000,000 characters was accepted. Every form
of ours bounds its text fields (branches.forms.BoundedTextMixin); text read outside a form field
goes through branches.forms.posted_text (branches.text.storable_text)."""

import importlib
import inspect
import pkgutil
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from branches.forms import BoundedTextMixin, posted_text
from branches.text import BODY_MAX_LENGTH, TEXT_MAX_LENGTH, storable_text
from congress.forms.reviews import ReviewDecideForm, ReviewReturnForm
from documents.forms import BodyForm, ReturnForm
from documents.models import Document
from documents.tests.factories import TermFactory

APPS = ["branches", "documents", "congress", "elections", "reporting"]
HUGE = "x" * 2_000_000


@given(st.text(max_size=TEXT_MAX_LENGTH))
def test_text_without_nul_within_the_limit_is_kept_as_it_is(text):
    assert storable_text(text) == (None if "\x00" in text else text)


@pytest.mark.parametrize("value", ["a\x00b", "\x00", HUGE, "x" * (TEXT_MAX_LENGTH + 1), None, 3, b"bytes"])
def test_nul_too_long_or_not_text_is_not_storable(value):
    assert storable_text(value) is None


def test_posted_text_refuses_with_the_fields_sentence(english):
    with pytest.raises(ValidationError) as nul:
        posted_text("Đồng ý\x00")
    with pytest.raises(ValidationError) as long:
        posted_text(HUGE)
    assert "NUL" in nul.value.messages[0]
    assert f"At most {TEXT_MAX_LENGTH} characters" in long.value.messages[0]
    assert posted_text("Đồng ý") == "Đồng ý" and posted_text(None) == ""


def _our_form_classes():
    classes = set()
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".tests" in info.name or ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__.split(".")[0] in APPS:
                    classes.add(cls)
    return sorted(classes, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_every_form_of_ours_bounds_its_text():
    classes = _our_form_classes()
    assert len(classes) > 60
    assert [f"{cls.__module__}.{cls.__qualname__}" for cls in classes if not issubclass(cls, BoundedTextMixin)] == []


def test_a_text_field_without_a_limit_gets_one_with_a_vietnamese_message():
    form = ReturnForm({"comment": HUGE})
    assert not form.is_valid()
    with translation.override("vi"):
        assert "5000" in form.errors["comment"][0] or "5.000" in form.errors["comment"][0]
        assert "At most" not in form.errors["comment"][0]
    assert 'maxlength="5000"' in str(form["comment"])


def test_a_nul_in_any_text_field_is_refused_in_vietnamese():
    form = ReviewReturnForm({"comment": "Bổ sung\x00"})
    assert not form.is_valid()
    with translation.override("vi"):
        assert "NUL" in form.errors["comment"][0] and "The text" not in form.errors["comment"][0]


def test_a_body_may_be_long_but_not_endless():
    assert BodyForm({"body": "<p>" + "x" * 400_000 + "</p>", "note": ""}).is_valid()
    assert not BodyForm({"body": "x" * (BODY_MAX_LENGTH + 1), "note": ""}).is_valid()


def test_fields_added_in_a_forms_own_init_are_bounded_too():
    """The review session's comments per item are made in __init__."""
    items = [SimpleNamespace(key="BCCT", label="Báo cáo chính trị")]
    form = ReviewDecideForm({"BCCT-verdict": "", "BCCT-comment": HUGE}, items=items, decisions={})
    assert not form.is_valid() and "BCCT-comment" in form.errors
    form = ReviewDecideForm({"BCCT-verdict": "", "BCCT-comment": "a\x00"}, items=items, decisions={})
    assert not form.is_valid() and "BCCT-comment" in form.errors


# --- The approve and return buttons post their comment outside a form field ---------------------


@pytest.fixture
def submitted(db, en, branch_a, branch_clerk, monkeypatch):
    TermFactory(start_year=2022, end_year=2025)
    monkeypatch.setattr("documents.services.renders._enqueue", lambda job_id: None)
    en.force_login(branch_clerk)
    en.post(reverse("document_create", kwargs={"pk": branch_a.pk}),
            {"doc_type": "BC", "subject": "Báo cáo chính trị", "term": TermFactory().pk})
    document = Document.objects.get()
    en.post(reverse("document_submit", kwargs={"pk": document.pk}))
    assert Document.objects.get(pk=document.pk).state == "submitted"
    return document


def _refused(en, superior_leader, document, move, comment):
    en.force_login(superior_leader)
    entries = LogEntry.objects.count()
    response = en.post(reverse(f"document_{move}", kwargs={"pk": document.pk}), {"comment": comment}, follow=True)
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.state == "submitted" and not document.decisions.exists()
    assert LogEntry.objects.count() == entries
    return response.content.decode()


@pytest.mark.parametrize("move", ["approve", "return"])
def test_a_comment_with_a_nul_is_refused_and_changes_nothing(en, submitted, superior_leader, move):
    page = _refused(en, superior_leader, submitted, move, "Đồng ý\x00 ban hành")
    assert "NUL" in page


@pytest.mark.parametrize("move", ["approve", "return"])
def test_a_comment_of_two_million_characters_is_refused(en, submitted, superior_leader, move):
    page = _refused(en, superior_leader, submitted, move, HUGE)
    assert f"At most {TEXT_MAX_LENGTH} characters" in page


@pytest.mark.postgres
def test_on_postgresql_a_nul_in_a_comment_answers_with_a_message_not_500(en, submitted, superior_leader):
    """PostgreSQL's text refuses NUL: before the check, the audit write raised (issue 15)."""
    page = _refused(en, superior_leader, submitted, "return", "Bổ sung\x00")
    assert "NUL" in page


def test_a_comment_within_the_limit_still_returns(en, submitted, superior_leader):
    en.force_login(superior_leader)
    en.post(reverse("document_return", kwargs={"pk": submitted.pk}), {"comment": "x" * TEXT_MAX_LENGTH})
    submitted.refresh_from_db()
    assert submitted.state == "returned"


def test_a_pasted_body_beyond_the_limit_is_a_bad_request(en, submitted, branch_clerk):
    en.force_login(branch_clerk)
    url = reverse("document_body_clean", kwargs={"pk": submitted.pk})
    assert en.post(url, {"html": "<p>x</p>"}).status_code == 200
    assert en.post(url, {"html": "x" * (BODY_MAX_LENGTH + 1)}).status_code == 400


@pytest.mark.parametrize("name", ["member_list", "document_list", "document_register"])
def test_a_search_beyond_the_limit_lists_as_if_unfiltered(clerk_client, superior, name):
    """Search boxes are bounded text fields too: a query past the limit is no filter, not a 500."""
    response = clerk_client.get(reverse(name, kwargs={"pk": superior.pk}), {"q": "x" * (TEXT_MAX_LENGTH + 1)})
    assert response.status_code == 200


def test_the_congress_progress_search_beyond_the_limit_answers(clerk_client, open_plan):
    response = clerk_client.get(reverse("plan_congresses", kwargs={"pk": open_plan.pk}), {"q": "x\x00" * 3000})
    assert response.status_code == 200
