"""Which organisations hold a congress under the plan, which are pilots, and the guidance and
templates the plan points them to."""

import html

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from branches.models import Member
from branches.tests.factories import MemberFactory, OrganizationFactory
from congress.models import PlanScope
from congress.services.plans import plan_create, plan_set_guidance, working_group_save
from congress.tests.builders import HELD_BY, PILOTS_BY, round_term
from documents.models import Document, DocumentTemplate
from documents.rules import Actor, Move
from documents.services.documents import document_create, document_issue, document_move
from documents.tests.factories import FINISHED_BODY

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


def page(response) -> str:
    return html.unescape(response.content.decode())


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


@pytest.fixture
def draft(superior, branch_a, branch_b, superior_clerk):
    return plan_create(
        acting_user=superior_clerk, organization=superior, term=round_term(), subject="Kế hoạch đại hội chi bộ",
        congresses_held_by=HELD_BY, pilots_held_by=PILOTS_BY, pilots=[branch_a],
    )


def scope_of(plan):
    return dict(PlanScope.objects.filter(plan=plan).values_list("organization__name", "is_pilot"))


# --- Organisations and pilots ------------------------------------------------------------------


def test_the_candidates_are_grouped_under_their_parents_with_their_members(
    en, draft, superior, branch_a, branch_b, superior_clerk, member_a,
):
    partial = OrganizationFactory(parent=superior, name="Đảng bộ bộ phận Khối Văn phòng", kind="partial_committee")
    office = OrganizationFactory(parent=partial, name="Chi bộ Phòng Kế hoạch")
    MemberFactory(organization=office)
    MemberFactory(organization=office, status="probationary")
    OrganizationFactory(parent=superior, name="Chi bộ đã giải thể", is_active=False)
    en.force_login(superior_clerk)
    response = en.get(url("plan_scope", draft))
    assert response.status_code == 200
    groups = [
        (parent.name, [(row["organization"].name, row["members"], row["chosen"], row["pilot"]) for row in rows])
        for parent, rows in response.context["groups"]
    ]
    assert groups == [
        ("Đảng bộ phường Kỳ Trinh", [
            ("Chi bộ TDP Hoàng Trinh", 1, True, True), ("Chi bộ Trạm Y tế", 0, True, False),
        ]),
        ("Đảng bộ bộ phận Khối Văn phòng", [("Chi bộ Phòng Kế hoạch", 2, False, False)]),
    ]
    text = page(response)
    assert "Chi bộ đã giải thể" not in text
    assert f'name="organizations" value="{branch_a.pk}"' in text and f'name="pilots" value="{branch_a.pk}"' in text


def test_the_clerk_sets_the_organisations_and_the_pilots(en, draft, superior, branch_a, branch_b, superior_clerk):
    school = OrganizationFactory(parent=superior, name="Chi bộ Trường Tiểu học")
    en.force_login(superior_clerk)
    response = en.post(url("plan_scope", draft), {"organizations": [branch_b.pk, school.pk], "pilots": [school.pk]})
    assert response.status_code == 302 and response.url == url("plan_detail", draft)
    assert scope_of(draft) == {"Chi bộ Trạm Y tế": False, "Chi bộ Trường Tiểu học": True}
    rows = LogEntry.objects.filter(additional_data__action="congress.plan.scope_set", actor=superior_clerk)
    assert sorted((row.action, row.object_repr) for row in rows) == [
        (LogEntry.Action.CREATE, "Chi bộ Trường Tiểu học"), (LogEntry.Action.DELETE, "Chi bộ TDP Hoàng Trinh"),
    ]
    assert "The organisations of the plan and its pilots were saved." in page(en.get(response.url))


def _refused(en, draft, data, message):
    before = (scope_of(draft), LogEntry.objects.count())
    response = en.post(url("plan_scope", draft), data)
    assert response.status_code == 200
    assert message in page(response)
    assert (scope_of(draft), LogEntry.objects.count()) == before


def test_a_pilot_outside_the_plan_is_refused(en, draft, branch_a, branch_b, superior_clerk):
    en.force_login(superior_clerk)
    _refused(en, draft, {"organizations": [branch_a.pk], "pilots": [branch_b.pk]},
             "A pilot congress must be one of the plan's organisations; not: Chi bộ Trạm Y tế.")


def test_a_plan_without_organisations_is_refused(en, draft, branch_a, superior_clerk):
    en.force_login(superior_clerk)
    _refused(en, draft, {"pilots": [branch_a.pk]}, "Choose at least one organisation to hold a congress.")


def test_an_organisation_that_is_not_a_candidate_is_refused(en, draft, superior, branch_a, superior_clerk):
    stranger = OrganizationFactory(parent=OrganizationFactory(kind="grassroots_committee"), name="Chi bộ Lạ")
    en.force_login(superior_clerk)
    _refused(en, draft, {"organizations": [branch_a.pk, stranger.pk]}, "Select a valid choice.")
    _refused(en, draft, {"organizations": [branch_a.pk, superior.pk]}, "Select a valid choice.")
    _refused(en, draft, {"organizations": ["abc"]}, "Select a valid choice.")


def test_an_organisation_a_working_group_follows_stays(en, draft, branch_a, branch_b, superior_clerk):
    working_group_save(acting_user=superior_clerk, plan=draft, name="Tổ công tác số 2", members=[], organizations=[branch_b])
    en.force_login(superior_clerk)
    _refused(en, draft, {"organizations": [branch_a.pk]},
             "Remove these organisations from their working groups first: Chi bộ Trạm Y tế (Tổ công tác số 2).")


def test_a_closed_organisation_still_in_the_plan_is_shown_to_be_removed(en, draft, branch_a, branch_b, superior_clerk):
    Member.objects.filter(organization=branch_b).delete()
    type(branch_b).objects.filter(pk=branch_b.pk).update(is_active=False)
    en.force_login(superior_clerk)
    text = page(en.get(url("plan_scope", draft)))
    assert "Chi bộ Trạm Y tế" in text and "inactive" in text
    _refused(en, draft, {"organizations": [branch_a.pk, branch_b.pk]}, "Inactive organisations hold no congress: Chi bộ Trạm Y tế.")
    en.post(url("plan_scope", draft), {"organizations": [branch_a.pk]})
    assert scope_of(draft) == {"Chi bộ TDP Hoàng Trinh": False}


def test_the_scope_of_an_issued_plan_is_fixed(en, open_plan, branch_a, superior_clerk):
    en.force_login(superior_clerk)
    text = page(en.get(url("plan_scope", open_plan)))
    assert "its organisations can no longer change" in text and "disabled" in text
    _refused(en, open_plan, {"organizations": [branch_a.pk]}, "its organisations can no longer change")


def test_the_scope_page_answers_in_a_bounded_number_of_queries(
    en, superior, superior_clerk, django_assert_max_num_queries,
):
    blocs = [
        OrganizationFactory(parent=superior, name=f"Đảng bộ bộ phận {i}", kind="partial_committee") for i in range(10)
    ]
    branches = [OrganizationFactory(parent=superior, name=f"Chi bộ trực thuộc {i:03d}") for i in range(100)]
    for bloc in blocs:
        branches += [OrganizationFactory(parent=bloc, name=f"Chi bộ {bloc.name} {i:02d}") for i in range(20)]
    Member.objects.bulk_create([
        MemberFactory.build(organization=org, full_name=f"Đảng viên {org.pk}", sort_key="x", search_name="x")
        for org in branches
    ])
    plan = plan_create(
        acting_user=superior_clerk, organization=superior, term=round_term(), subject="Kế hoạch",
        congresses_held_by=HELD_BY,
    )
    en.force_login(superior_clerk)
    with django_assert_max_num_queries(12):
        response = en.get(url("plan_scope", plan))
    rows = [row for _parent, rows in response.context["groups"] for row in rows]
    assert len(rows) == 300 and all(row["members"] == 1 and row["chosen"] for row in rows)
    assert len(response.context["groups"]) == 11
    # Saving writes row by row, for the audit trail.
    response = en.post(url("plan_scope", plan), {"organizations": [o.pk for o in branches[:150]], "pilots": [branches[0].pk]})
    assert response.status_code == 302
    assert PlanScope.objects.filter(plan=plan).count() == 150


# --- Guidance and templates --------------------------------------------------------------------


def _issued(clerk, leader, issuer, doc_type, subject, **fields):
    document = document_create(
        acting_user=clerk, issuer=issuer, doc_type=doc_type, subject=subject, term=round_term(), body=FINISHED_BODY,
        **{"signer_name": "Nguyễn Văn Trung", **fields},
    )
    document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=leader, document=document, move=Move.APPROVE, actors={Actor.LEADER})
    return document_issue(acting_user=clerk, document=document, actors={Actor.CLERK})


@pytest.fixture
def library(superior, branch_a, superior_clerk, superior_leader, branch_clerk):
    """Guidance of the superior and of a committee above it, and documents that are not guidance."""
    above = OrganizationFactory(name="Ban Thường vụ Thành ủy", kind="superior", short_name="TU")
    guide = _issued(superior_clerk, superior_leader, superior, "HD", "Hướng dẫn tổ chức đại hội chi bộ", approved_by_issuer=True)
    top_guide = Document.objects.create(
        issuer=above, doc_type="CT", subject="Chỉ thị về đại hội đảng bộ các cấp", term=round_term(), place="Huế",
        state="issued", number=35, symbol="35-CT/TU", created_by=superior_clerk,
    )
    draft_guide = document_create(acting_user=superior_clerk, issuer=superior, doc_type="HD", subject="Hướng dẫn (dự thảo)", term=round_term())
    branch_report = _issued(branch_clerk, superior_leader, branch_a, "NQ", "Nghị quyết của chi bộ")
    own = DocumentTemplate.objects.create(owner=superior, name="Mẫu báo cáo chính trị", doc_type="BC", body="<p>x</p>")
    return {"guide": guide, "top": top_guide, "draft": draft_guide, "branch": branch_report, "own": own, "above": above}


@pytest.fixture
def moved_under_above(superior, library):
    """The superior moved under the committee above, so that its documents and templates reach it."""
    type(superior).objects.move(superior, library["above"], pos="last-child")
    superior.refresh_from_db()
    return superior


def test_the_clerk_chooses_guidance_and_templates(en, draft, library, moved_under_above, superior_clerk):
    above = library["above"]
    published = DocumentTemplate.objects.create(owner=above, name="Mẫu nghị quyết đại hội", doc_type="NQ", body="<p>x</p>", is_published=True)
    DocumentTemplate.objects.create(owner=above, name="Mẫu nội bộ của Thành ủy", doc_type="NQ", body="<p>x</p>")
    en.force_login(superior_clerk)
    response = en.get(url("plan_guidance", draft))
    text = page(response)
    assert "Hướng dẫn tổ chức đại hội chi bộ" in text and "35-CT/TU" in text
    assert "Hướng dẫn (dự thảo)" not in text and "Nghị quyết của chi bộ" not in text
    offered = set(response.context["form"].fields["guidance"].queryset)
    assert offered == {library["guide"], library["top"]}  # not the plan's own document
    assert "Mẫu báo cáo chính trị" in text and "Mẫu nghị quyết đại hội" in text
    assert "Mẫu nội bộ của Thành ủy" not in text  # not published

    response = en.post(url("plan_guidance", draft), {
        "guidance": [library["guide"].pk, library["top"].pk], "templates": [library["own"].pk, published.pk],
    })
    assert response.status_code == 302
    assert set(draft.guidance.all()) == {library["guide"], library["top"]}
    assert set(draft.templates.all()) == {library["own"], published}
    assert LogEntry.objects.filter(additional_data__action="congress.plan.guidance_set", actor=superior_clerk).exists()
    text = page(en.get(url("plan_detail", draft)))
    assert "Hướng dẫn tổ chức đại hội chi bộ" in text and "35-CT/TU" in text and "Mẫu nghị quyết đại hội" in text
    assert url("document_detail", library["guide"]) in text


def test_guidance_that_is_not_offered_is_refused(en, draft, library, superior_clerk):
    en.force_login(superior_clerk)
    for data, message in (
        ({"guidance": [library["draft"].pk]}, "Select a valid choice."),
        ({"guidance": [library["branch"].pk]}, "Select a valid choice."),
        ({"guidance": ["x"]}, "“x” is not a valid value."),
        ({"templates": [999999]}, "Select a valid choice."),
    ):
        response = en.post(url("plan_guidance", draft), data)
        assert response.status_code == 200 and message in page(response)
    assert not draft.guidance.exists()


def test_guidance_may_come_after_the_plan_is_issued(en, open_plan, library, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(url("plan_guidance", open_plan), {"guidance": [library["guide"].pk]})
    assert response.status_code == 302
    assert list(open_plan.guidance.all()) == [library["guide"]]


def test_the_service_refuses_guidance_of_another_organisation(draft, library, superior_clerk):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Guidance must be issued by the plan's committee"):
        plan_set_guidance(acting_user=superior_clerk, plan=draft, guidance=[library["branch"]], templates=[])
    with pytest.raises(ValidationError, match="Guidance must be issued"):
        plan_set_guidance(acting_user=superior_clerk, plan=draft, guidance=[library["draft"]], templates=[])
    hidden = DocumentTemplate.objects.create(owner=library["above"], name="Mẫu riêng", doc_type="NQ", body="<p>x</p>")
    with pytest.raises(ValidationError, match="not available to Đảng bộ phường Kỳ Trinh: Mẫu riêng"):
        plan_set_guidance(acting_user=superior_clerk, plan=draft, guidance=[], templates=[hidden])
    assert not draft.guidance.exists() and not draft.templates.exists()
