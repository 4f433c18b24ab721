"""The member export and the import template hold data, never formulas (issue 15, item 1): a
member or an organisation named like a formula comes out as that text."""

from django.urls import reverse

from branches.tests.factories import MemberFactory
from branches.tests.workbooks import HOSTILE, assert_data_only


def test_names_notes_and_organisations_that_look_like_formulas_stay_text(en, superior, branch_a, superior_viewer):
    branch_a.name = HOSTILE[0]
    branch_a.save(update_fields=["name"])
    for text in HOSTILE:
        MemberFactory(organization=branch_a, full_name=text, occupation=text, notes=text)
    en.force_login(superior_viewer)
    response = en.get(reverse("member_export", kwargs={"pk": superior.pk}))
    assert response.status_code == 200
    assert_data_only(response.content)


def test_the_template_has_no_formula(en, superior, superior_viewer):
    en.force_login(superior_viewer)
    response = en.get(reverse("member_import_template", kwargs={"pk": superior.pk}))
    assert_data_only(response.content, texts=())
