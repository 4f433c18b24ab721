"""A member's two facts (docs/domain.md §1.4): official or probationary, and a situation (exempt,
temporarily active elsewhere, suspended) that a probationary member may have too; and members
temporarily attached to an organisation from elsewhere [244-QĐ/TW Art. 11 cl. 2, Art. 15 cl. 2],
recorded by its clerks and listed on its members page."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches import rules
from branches.models import AttachedMember, Member, Membership, Organization, Situation
from branches.selectors import subtree_figures
from branches.services.attached import attached_member_create, attached_member_remove, attached_member_update
from branches.tests.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("english")

FROM = datetime.date(2022, 1, 10)


def test_the_pure_values_are_those_of_the_model():
    assert set(Membership.values) == rules.MEMBERSHIPS
    assert set(Situation.values) == rules.SITUATIONS


def test_every_old_status_splits_into_the_two_facts_it_meant():
    assert {status: rules.split_status(status) for status in rules.STATUS_SPLIT} == {
        "official": ("official", "none"), "probationary": ("probationary", "none"), "exempt": ("official", "exempt"),
        "transferred_temporarily": ("official", "transferred_temporarily"), "suspended": ("official", "suspended"),
    }
    with pytest.raises(ValueError):
        rules.split_status("retired")


def test_a_probationary_member_can_be_temporarily_active_elsewhere(clerk_client, branch_a):
    data = {
        "full_name": "Hồ Thị Xa", "gender": "female", "date_of_birth": "02/02/1998", "ethnicity": "Kinh",
        "joined_on": "03/03/2025", "membership": "probationary", "situation": "transferred_temporarily",
    }
    response = clerk_client.post(reverse("member_create", kwargs={"pk": branch_a.pk}), data)
    assert response.status_code == 302
    member = Member.objects.get(full_name="Hồ Thị Xa")
    assert (member.membership, member.situation) == ("probationary", "transferred_temporarily")
    assert member.status_label == "Probationary · Temporarily active elsewhere"
    page = clerk_client.get(reverse("member_detail", kwargs={"pk": member.pk})).content.decode()
    assert "Temporarily active elsewhere" in page


def test_the_list_filters_by_situation(clerk_client, branch_a):
    MemberFactory(organization=branch_a, full_name="Lê Văn Miễn", situation="exempt")
    MemberFactory(organization=branch_a, full_name="Mai Thị Xa", membership="probationary",
                  situation="transferred_temporarily", official_on=None)
    MemberFactory(organization=branch_a, full_name="Đỗ Văn Thường")
    url = reverse("member_list", kwargs={"pk": branch_a.pk})
    names = [m.full_name for m in clerk_client.get(url, {"situation": "transferred_temporarily"}).context["page"]]
    assert names == ["Mai Thị Xa"]
    page = clerk_client.get(url).content.decode()
    assert "Exempt from activities" in page and "Temporarily active elsewhere" in page


def test_the_overview_counts_official_members_whatever_their_situation(superior, branch_a, branch_b):
    MemberFactory.create_batch(2, organization=branch_a)
    MemberFactory(organization=branch_a, situation="suspended")
    MemberFactory(organization=branch_b, situation="exempt")
    MemberFactory(organization=branch_b, membership="probationary", situation="transferred_temporarily",
                  official_on=None)
    figures = subtree_figures([Organization.objects.get(pk=superior.pk)])[superior.pk]
    assert (figures.members["official"], figures.members["probationary"], figures.member_total) == (4, 1, 5)
    assert figures.member_breakdown() == [
        ("Official", 4), ("Probationary", 1), ("Exempt from activities", 1), ("Temporarily active elsewhere", 1),
        ("Suspended", 1),
    ]


# --- Members attached from elsewhere -------------------------------------------------------------


def _attach(user, organization, **fields):
    return attached_member_create(
        acting_user=user, organization=organization, **{
            "full_name": "Phan  Văn Tạm", "home_organization": "Chi bộ Phòng Kế toán, Công ty Điện lực",
            "attached_from": FROM, **fields,
        },
    )


def test_a_clerk_records_a_member_attached_from_elsewhere_with_audit(branch_a, branch_clerk):
    attached = _attach(branch_clerk, branch_a)
    assert (attached.full_name, attached.organization, attached.created_by) == ("Phan Văn Tạm", branch_a, branch_clerk)
    entry = LogEntry.objects.get_for_object(attached).get()
    assert entry.actor == branch_clerk
    assert entry.additional_data == {"action": "branches.attached_member.created", "organization": branch_a.pk}
    assert not Member.objects.filter(full_name="Phan Văn Tạm").exists()  # not a member of the branch


def test_the_attachment_ends_and_its_end_cannot_precede_its_start(branch_a, branch_clerk):
    attached = _attach(branch_clerk, branch_a)
    with pytest.raises(ValidationError, match="cannot precede its start"):
        attached_member_update(acting_user=branch_clerk, attached=attached, attached_until=datetime.date(2021, 1, 1))
    ended = attached_member_update(acting_user=branch_clerk, attached=attached, attached_until=datetime.date(2022, 12, 31))
    assert ended.attached_until == datetime.date(2022, 12, 31)
    assert not ended.is_attached_on(datetime.date(2023, 1, 1)) and ended.is_attached_on(FROM)
    assert LogEntry.objects.get_for_object(attached).filter(
        additional_data__action="branches.attached_member.updated").exists()


def test_an_inactive_organisation_receives_nobody(branch_a, branch_clerk):
    Organization.objects.filter(pk=branch_a.pk).update(is_active=False)
    with pytest.raises(ValidationError, match="inactive"):
        _attach(branch_clerk, Organization.objects.get(pk=branch_a.pk))
    assert not AttachedMember.objects.exists()


def test_a_record_entered_by_mistake_is_removed(branch_a, branch_clerk):
    attached = _attach(branch_clerk, branch_a)
    attached_member_remove(acting_user=branch_clerk, attached=attached)
    assert not AttachedMember.objects.exists()
    assert LogEntry.objects.filter(additional_data__action="branches.attached_member.removed").exists()


def test_the_members_page_lists_them_and_the_clerk_adds_one(clerk_client, branch_a, superior_clerk):
    _attach(superior_clerk, branch_a, full_name="Vũ Thị Khách")
    url = reverse("member_list", kwargs={"pk": branch_a.pk})
    page = clerk_client.get(url).content.decode()
    section = page[page.index('data-testid="attached-members"'):]
    assert "Vũ Thị Khách" in section and "Chi bộ Phòng Kế toán, Công ty Điện lực" in section
    assert reverse("attached_member_create", kwargs={"pk": branch_a.pk}) in section
    response = clerk_client.post(reverse("attached_member_create", kwargs={"pk": branch_a.pk}), {
        "full_name": "Lý Văn Mới", "home_organization": "Đảng bộ Công ty X", "attached_from": "01/03/2022",
    })
    assert response.status_code == 302 and response.url == url
    assert AttachedMember.objects.filter(full_name="Lý Văn Mới", organization=branch_a).exists()


def test_the_form_says_what_is_wrong(clerk_client, branch_a):
    response = clerk_client.post(reverse("attached_member_create", kwargs={"pk": branch_a.pk}), {
        "full_name": "Lý Văn Mới", "home_organization": "", "attached_from": "01/03/2022",
        "attached_until": "01/02/2022",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page and "The end of the attachment cannot precede its start." in page
    assert not AttachedMember.objects.exists()


def test_a_viewer_reads_the_list_without_the_buttons(client, superior_viewer, branch_a, branch_clerk):
    _attach(branch_clerk, branch_a)
    client.force_login(superior_viewer)
    page = client.get(reverse("member_list", kwargs={"pk": branch_a.pk})).content.decode()
    assert "Phan Văn Tạm" in page
    assert reverse("attached_member_create", kwargs={"pk": branch_a.pk}) not in page


def test_the_clerk_edits_and_removes_one(clerk_client, branch_a, branch_clerk):
    attached = _attach(branch_clerk, branch_a)
    url = reverse("attached_member_update", kwargs={"pk": attached.pk})
    assert "Phan Văn Tạm" in clerk_client.get(url).content.decode()
    response = clerk_client.post(url, {
        "full_name": "Phan Văn Tạm", "home_organization": "Chi bộ Phòng Kế toán", "attached_from": "10/01/2022",
        "attached_until": "31/12/2022",
    })
    assert response.status_code == 302
    assert AttachedMember.objects.get(pk=attached.pk).attached_until == datetime.date(2022, 12, 31)
    response = clerk_client.post(reverse("attached_member_delete", kwargs={"pk": attached.pk}))
    assert response.status_code == 302 and not AttachedMember.objects.exists()
