"""Model documents (mẫu văn bản): published down the tree, filled from the context."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from documents import rules
from documents.forms import DocumentCreateForm
from documents.models import DocumentTemplate
from documents.services.documents import document_create, placeholder_values
from documents.services.templates import template_save, templates_for
from documents.tests.factories import OrganizationFactory, TermFactory
from documents.views.templates import PLACEHOLDER_HELP

BODY = "<p>{{ superior_upper }} / {{ organization_upper }}</p><p>Nhiệm kỳ {{ term }}, {{ unknown }}</p>"


@pytest.fixture
def term(db):
    return TermFactory(start_year=2022, end_year=2025)


@pytest.fixture
def published(superior, superior_clerk):
    return template_save(
        acting_user=superior_clerk, owner=superior, name="Nghị quyết Đại hội chi bộ", doc_type="NQ",
        subject="Nghị quyết Đại hội {{ organization }} nhiệm kỳ {{ term }}", body=BODY, is_published=True,
    )


@pytest.fixture
def unpublished(superior, superior_clerk):
    return template_save(acting_user=superior_clerk, owner=superior, name="Báo cáo nội bộ", doc_type="BC", body="<p>x</p>")


def test_placeholders_are_filled_by_a_pure_rule():
    assert rules.fill_placeholders("{{ organization }}, {{organization}} {{ nope }} {{ Organization }}", {"organization": "Chi bộ A"}) == (
        "Chi bộ A, Chi bộ A {{ nope }} {{ Organization }}"
    )
    assert rules.fill_placeholders("không có gì", {}) == "không có gì"


def test_a_published_template_reaches_branch_a_and_fills_its_placeholders(term, superior, branch_a, branch_clerk, published):
    assert published in templates_for(branch_a)
    draft = document_create(acting_user=branch_clerk, issuer=branch_a, template=published, term=term)
    assert draft.doc_type == "NQ"
    assert draft.subject == "Nghị quyết Đại hội Chi bộ TDP Hoàng Trinh nhiệm kỳ 2022–2025"
    body = draft.versions.get().body
    assert "ĐẢNG BỘ PHƯỜNG KỲ TRINH / CHI BỘ TDP HOÀNG TRINH" in body
    assert "Nhiệm kỳ 2022–2025, {{ unknown }}" in body


def test_an_unpublished_template_stays_with_its_owner(superior, branch_a, unpublished):
    assert unpublished not in templates_for(branch_a)
    assert unpublished in templates_for(superior)


def test_a_branch_offers_its_own_templates_to_itself(branch_a, branch_b, branch_clerk):
    own = template_save(acting_user=branch_clerk, owner=branch_a, name="Mẫu riêng", doc_type="TB", body="<p>x</p>")
    published_own = template_save(acting_user=branch_clerk, owner=branch_a, name="Mẫu công bố", doc_type="TB", body="<p>x</p>", is_published=True)
    assert set(templates_for(branch_a)) == {own, published_own}
    assert not set(templates_for(branch_b)) & {own, published_own}  # never a sibling's


def test_templates_reach_every_level_below(superior, superior_clerk, published):
    grandchild = OrganizationFactory(parent=OrganizationFactory(parent=superior, kind="grassroots_committee"))
    assert list(templates_for(grandchild)) == [published]


def test_placeholder_values_name_the_context(term, superior, branch_a):
    values = placeholder_values(branch_a, term)
    assert (values["organization"], values["superior"], values["term"], values["place"]) == (
        "Chi bộ TDP Hoàng Trinh", "Đảng bộ phường Kỳ Trinh", "2022–2025", "Kỳ Trinh",
    )
    assert values["today"].startswith("Kỳ Trinh, ngày ")
    assert placeholder_values(superior, term)["superior"] == ""
    assert set(PLACEHOLDER_HELP) == set(values), "explain every placeholder on the template page"


def test_saving_sanitises_the_body_and_is_audited(superior, superior_clerk):
    template = template_save(
        acting_user=superior_clerk, owner=superior, name="Mẫu", doc_type="KH", body="<p onclick='x()'>A<script>b()</script></p>"
    )
    assert template.body == "<p>A</p>"
    assert LogEntry.objects.filter(additional_data__action="documents.template.created", actor=superior_clerk).exists()


def test_the_create_form_offers_the_templates_of_the_issuer(branch_a, branch_b, published, unpublished):
    assert list(DocumentCreateForm(issuer=branch_a).fields["template"].queryset) == [published]


# --- Pages --------------------------------------------------------------------------------------


def test_the_list_shows_own_and_published_templates(en, branch_clerk, branch_a, published, unpublished):
    own = DocumentTemplate.objects.create(owner=branch_a, name="Thông báo của chi bộ", doc_type="TB", body="<p>x</p>")
    en.force_login(branch_clerk)
    html = en.get(reverse("document_template_list", kwargs={"pk": branch_a.pk})).content.decode()
    assert published.name in html and own.name in html and unpublished.name not in html
    assert reverse("document_template_update", kwargs={"pk": own.pk}) in html
    assert reverse("document_template_update", kwargs={"pk": published.pk}) not in html  # the superior's to change
    assert reverse("document_template_create", kwargs={"pk": branch_a.pk}) in html


def test_a_viewer_sees_the_list_without_the_create_button(en, superior_viewer, branch_a, published):
    en.force_login(superior_viewer)
    html = en.get(reverse("document_template_list", kwargs={"pk": branch_a.pk})).content.decode()
    assert published.name in html
    assert reverse("document_template_create", kwargs={"pk": branch_a.pk}) not in html


def test_the_form_explains_the_placeholders(en, branch_clerk, branch_a, term):
    en.force_login(branch_clerk)
    response = en.get(reverse("document_template_create", kwargs={"pk": branch_a.pk}))
    html = response.content.decode()
    for name in ("organization", "organization_upper", "superior", "superior_upper", "term", "place", "today", "year"):
        assert "{{ %s }}" % name in html
    assert "The name of its direct superior." in html and "Đảng bộ phường Kỳ Trinh" in html


def test_a_clerk_creates_and_then_changes_a_template(en, branch_clerk, branch_a):
    en.force_login(branch_clerk)
    response = en.post(
        reverse("document_template_create", kwargs={"pk": branch_a.pk}),
        {"name": "Thông báo họp", "doc_type": "TB", "subject": "Họp {{ organization }}", "body": "<p>Nội dung</p>"},
    )
    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.owner, template.is_published, template.subject) == (branch_a, False, "Họp {{ organization }}")
    response = en.post(
        reverse("document_template_update", kwargs={"pk": template.pk}),
        {"name": "Thông báo họp chi bộ", "doc_type": "TB", "subject": "", "body": "<p>Mới</p>", "is_published": "on"},
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.body, template.is_published) == ("Thông báo họp chi bộ", "<p>Mới</p>", True)


def test_a_template_needs_a_name_and_a_body(en, branch_clerk, branch_a):
    en.force_login(branch_clerk)
    response = en.post(reverse("document_template_create", kwargs={"pk": branch_a.pk}), {"doc_type": "TB"})
    assert response.status_code == 200 and response.context["form"].errors.keys() >= {"name", "body"}
    assert not DocumentTemplate.objects.exists()


def test_a_branch_clerk_cannot_change_the_superiors_template(client, branch_clerk, published):
    client.force_login(branch_clerk)
    url = reverse("document_template_update", kwargs={"pk": published.pk})
    assert client.get(url).status_code == 404  # the superior is outside the branch clerk's subtree
    assert client.post(url, {"name": "x", "doc_type": "TB", "body": "<p>x</p>"}).status_code == 404
    assert DocumentTemplate.objects.get(pk=published.pk).name == "Nghị quyết Đại hội chi bộ"


def test_a_draft_starts_from_a_template_through_the_page(en, branch_clerk, branch_a, published, term):
    en.force_login(branch_clerk)
    response = en.post(reverse("document_create", kwargs={"pk": branch_a.pk}), {"template": published.pk, "term": term.pk, "doc_type": "NQ"})
    assert response.status_code == 302
    draft = branch_a.documents.get()
    assert draft.subject == "Nghị quyết Đại hội Chi bộ TDP Hoàng Trinh nhiệm kỳ 2022–2025"
