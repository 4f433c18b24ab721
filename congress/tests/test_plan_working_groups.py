"""Working groups of a plan through their pages, and correcting a congress's ordinal."""

import html

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from branches.models import RoleKind
from branches.tests.factories import OrganizationFactory, RoleFactory, UserFactory
from congress.models import Congress, WorkingGroup
from congress.services.plans import plan_create, working_group_save
from congress.tests.builders import HELD_BY, round_term

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


def page(response) -> str:
    return html.unescape(response.content.decode())


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


@pytest.fixture
def draft(superior, branch_a, branch_b, superior_clerk):
    return plan_create(
        acting_user=superior_clerk, organization=superior, term=round_term(), subject="Kế hoạch đại hội chi bộ",
        congresses_held_by=HELD_BY,
    )


@pytest.fixture
def group(draft, branch_a, superior_clerk, superior_leader):
    return working_group_save(
        acting_user=superior_clerk, plan=draft, name="Tổ công tác số 1", members=[superior_leader], organizations=[branch_a],
    )


# --- Working groups ----------------------------------------------------------------------------


def test_the_form_offers_the_committees_people_and_the_plans_organisations(
    en, draft, superior, branch_a, branch_b, branch_clerk, superior_clerk, superior_leader, superior_viewer,
):
    outside = OrganizationFactory(parent=superior, name="Chi bộ ngoài kế hoạch")
    draft.scope.filter(organization=branch_b).delete()
    en.force_login(superior_clerk)
    form = en.get(url("working_group_create", draft)).context["form"]
    assert set(form.fields["members"].queryset) == {superior_clerk, superior_leader, superior_viewer}
    assert branch_clerk not in form.fields["members"].queryset  # a role below the committee
    assert list(form.fields["organizations"].queryset) == [branch_a]
    assert outside not in form.fields["organizations"].queryset


def test_the_clerk_creates_a_working_group(en, draft, branch_a, branch_b, superior_clerk, superior_leader):
    superior_leader.full_name = "Lê Văn Trưởng"
    superior_leader.save()
    en.force_login(superior_clerk)
    response = en.post(url("working_group_create", draft), {
        "name": "Tổ công tác số 1", "members": [superior_leader.pk], "organizations": [branch_a.pk, branch_b.pk],
    })
    assert response.status_code == 302 and response.url == url("plan_detail", draft)
    group = WorkingGroup.objects.get()
    assert (group.plan, group.name) == (draft, "Tổ công tác số 1")
    assert list(group.members.all()) == [superior_leader]
    assert set(group.organizations.all()) == {branch_a, branch_b}
    assert LogEntry.objects.filter(additional_data__action="congress.working_group.saved", actor=superior_clerk).exists()
    text = page(en.get(response.url))
    assert "The working group “Tổ công tác số 1” was saved." in text and "Lê Văn Trưởng" in text


def test_the_clerk_changes_a_working_group(en, group, draft, branch_b, superior_clerk):
    en.force_login(superior_clerk)
    form = en.get(url("working_group_update", group)).context["form"]
    assert form["name"].value() == "Tổ công tác số 1"
    response = en.post(url("working_group_update", group), {
        "name": "Tổ công tác phía Bắc", "members": [superior_clerk.pk], "organizations": [branch_b.pk],
    })
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Tổ công tác phía Bắc"
    assert list(group.members.all()) == [superior_clerk] and list(group.organizations.all()) == [branch_b]
    assert WorkingGroup.objects.count() == 1


def test_a_name_taken_in_the_plan_is_refused(en, group, draft, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(url("working_group_create", draft), {"name": "Tổ công tác số 1"})
    assert response.status_code == 200
    assert "The plan already has a working group of this name." in page(response)
    assert WorkingGroup.objects.count() == 1


def test_people_and_organisations_not_offered_are_refused(en, group, draft, branch_a, superior_clerk):
    stranger = UserFactory()
    RoleFactory(user=stranger, organization=OrganizationFactory(kind="superior"), kind=RoleKind.CLERK)
    outside = OrganizationFactory(parent=draft.organization, name="Chi bộ ngoài kế hoạch")
    draft.scope.filter(organization=outside).delete()
    en.force_login(superior_clerk)
    for data in ({"name": "Tổ 2", "members": [stranger.pk]}, {"name": "Tổ 2", "organizations": [outside.pk]}):
        response = en.post(url("working_group_create", draft), data)
        assert response.status_code == 200 and "Select a valid choice." in page(response)
    assert WorkingGroup.objects.count() == 1


def test_the_clerk_removes_a_working_group(en, group, draft, branch_a, superior_clerk):
    en.force_login(superior_clerk)
    assert en.get(url("working_group_delete", group)).status_code == 405
    response = en.post(url("working_group_delete", group), follow=True)
    assert "The working group “Tổ công tác số 1” was removed." in page(response)
    assert not WorkingGroup.objects.exists()
    assert draft.scope.filter(organization=branch_a).exists()  # still in the plan
    entry = LogEntry.objects.get(additional_data__action="congress.working_group.deleted")
    assert entry.actor == superior_clerk and entry.additional_data["group"] == "Tổ công tác số 1"


def test_a_viewer_may_not_touch_working_groups(en, group, superior_viewer):
    en.force_login(superior_viewer)
    assert en.get(url("working_group_update", group)).status_code == 403
    assert en.post(url("working_group_delete", group)).status_code == 403
    assert WorkingGroup.objects.filter(pk=group.pk).exists()


# --- A congress's ordinal ----------------------------------------------------------------------


def test_the_clerk_sees_the_name_and_a_preview_of_the_new_one(en, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    text = page(en.get(url("congress_ordinal", congress_a)))
    assert "Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025" in text
    response = en.get(url("congress_ordinal", congress_a), {"ordinal": "16"}, headers={"HX-Request": "true"})
    text = page(response)
    assert "Đại hội Chi bộ TDP Hoàng Trinh lần thứ XVI, nhiệm kỳ 2022–2025" in text
    assert "<html" not in text  # only the preview
    assert "A congress is numbered up to 99." in page(
        en.get(url("congress_ordinal", congress_a), {"ordinal": "120"}, headers={"HX-Request": "true"})
    )
    assert Congress.objects.get(pk=congress_a.pk).ordinal == 1  # a preview changes nothing


def test_the_clerk_corrects_the_ordinal(en, congress_a, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(url("congress_ordinal", congress_a), {"ordinal": "16"})
    assert response.status_code == 302 and response.url == url("congress_detail", congress_a)
    assert Congress.objects.get(pk=congress_a.pk).ordinal == 16
    assert LogEntry.objects.filter(additional_data__action="congress.congress.ordinal_set", actor=superior_clerk).exists()
    text = page(en.get(response.url))
    assert "The congress is now named: Đại hội Chi bộ TDP Hoàng Trinh lần thứ XVI, nhiệm kỳ 2022–2025." in text


@pytest.mark.parametrize(("value", "message"), [
    ("0", "A congress is numbered from 1."),
    ("-3", "A congress is numbered from 1."),
    ("100", "A congress is numbered up to 99."),
    ("hai", "Enter a whole number."),
])
def test_an_ordinal_out_of_range_is_refused(en, congress_a, branch_clerk, value, message):
    en.force_login(branch_clerk)
    before = LogEntry.objects.count()
    response = en.post(url("congress_ordinal", congress_a), {"ordinal": value})
    assert response.status_code == 200 and message in page(response)
    assert Congress.objects.get(pk=congress_a.pk).ordinal == 1 and LogEntry.objects.count() == before


def test_only_clerks_correct_the_ordinal(en, congress_a, superior_leader):
    en.force_login(superior_leader)
    assert en.post(url("congress_ordinal", congress_a), {"ordinal": "2"}).status_code == 403
    assert Congress.objects.get(pk=congress_a.pk).ordinal == 1
