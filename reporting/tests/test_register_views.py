"""The register's pages: the plan's register with its counts, filters and forms; a branch's
clerk registering from the congress page; changing and removing works and awards."""

import datetime
import html

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from reporting.models import Award, EmulationWork
from reporting.services.register import award_create, emulation_work_create

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

MAY = datetime.date(2022, 5, 10)


def page(response) -> str:
    return html.unescape(response.content.decode())


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


def register(plan, organization, user, name, **fields):
    return emulation_work_create(
        acting_user=user, plan=plan, organization=organization, name=name, owner="Chi bộ", registered_on=MAY, **fields,
    )


def snapshot():
    return (
        LogEntry.objects.count(),
        list(EmulationWork.objects.values_list("pk", "organization", "name", "status", "completed_on")),
        list(Award.objects.values_list("pk", "organization", "title", "awarded_on")),
    )


@pytest.fixture
def works(open_plan, branch_a, branch_b, superior_clerk):
    return [
        register(open_plan, branch_a, superior_clerk, "Sửa chữa nhà văn hóa"),
        register(open_plan, branch_a, superior_clerk, "Trồng cây xanh", status="in_progress"),
        register(open_plan, branch_b, superior_clerk, "Khám bệnh miễn phí", status="completed",
                 completed_on=datetime.date(2022, 6, 1)),
    ]


def test_the_register_groups_works_by_organisation_with_counts(
    en, superior_viewer, open_plan, works, django_assert_max_num_queries,
):
    en.force_login(superior_viewer)
    with django_assert_max_num_queries(20):
        response = en.get(url("plan_emulation", open_plan))
    text = page(response)
    assert response.status_code == 200
    assert "3 works registered" in text and "organisations with works: 2" in text
    assert "Registered: 1" in text and "In progress: 1" in text and "Completed: 1" in text
    table = text[text.index('data-testid="works"'):]
    assert table.index("Chi bộ TDP Hoàng Trinh") < table.index("Sửa chữa nhà văn hóa") < table.index("Chi bộ Trạm Y tế")
    # A viewer reads, but gets no form nor buttons.
    assert 'data-testid="add-work"' not in text and url("work_edit", works[0]) not in text


def test_the_register_filters_by_organisation_and_status(en, superior_viewer, open_plan, works, branch_a):
    en.force_login(superior_viewer)
    text = page(en.get(url("plan_emulation", open_plan), {"organization": branch_a.pk, "status": "in_progress"}))
    assert "1 of 3 works" in text
    text = text[text.index('data-testid="works"'):text.index('data-testid="awards"')]
    assert "Trồng cây xanh" in text
    assert "Sửa chữa nhà văn hóa" not in text and "Khám bệnh miễn phí" not in text


def test_a_bad_filter_shows_everything(en, superior_viewer, open_plan, works):
    en.force_login(superior_viewer)
    response = en.get(url("plan_emulation", open_plan), {"organization": "abc", "status": "lost"})
    assert response.status_code == 200
    assert "Khám bệnh miễn phí" in page(response)


def test_the_clerk_sees_the_forms(clerk_client, open_plan, works):
    text = page(clerk_client.get(url("plan_emulation", open_plan)))
    assert 'data-testid="add-work"' in text and 'data-testid="add-award"' in text
    assert url("work_edit", works[0]) in text


def test_the_plans_clerk_registers_a_work_for_a_branch(clerk_client, open_plan, branch_b):
    response = clerk_client.post(url("plan_work_add", open_plan), {
        "organization": branch_b.pk, "name": "Vệ sinh môi trường", "owner": "Chi bộ Trạm Y tế",
        "status": "registered", "registered_on": "10/05/2022",
    })
    assert response.status_code == 302 and response.url == url("plan_emulation", open_plan)
    work = EmulationWork.objects.get()
    assert (work.organization, work.name, work.registered_on) == (branch_b, "Vệ sinh môi trường", MAY)


def test_the_organisation_choices_are_the_plans(clerk_client, open_plan, superior, branch_a, branch_b):
    from reporting.statistics import plan_organizations

    assert plan_organizations(open_plan) == [superior, branch_a, branch_b]


def test_a_completed_work_without_its_date_shows_the_message_and_changes_nothing(clerk_client, open_plan, branch_a):
    before = snapshot()
    response = clerk_client.post(url("plan_work_add", open_plan), {
        "organization": branch_a.pk, "name": "Làm đường", "owner": "Chi bộ", "status": "completed",
        "registered_on": "10/05/2022",
    })
    assert response.status_code == 200
    assert "A completed work needs the date it was completed." in page(response)
    assert snapshot() == before


def test_the_vietnamese_message(client, superior_clerk, open_plan, branch_a):
    client.force_login(superior_clerk)
    response = client.post(url("plan_work_add", open_plan), {
        "organization": branch_a.pk, "name": "Làm đường", "owner": "Chi bộ", "status": "completed",
        "registered_on": "10/05/2022", "completed_on": "09/05/2022",
    })
    assert response.status_code == 200
    assert "Ngày hoàn thành không thể trước ngày đăng ký." in page(response)
    assert not EmulationWork.objects.exists()


def test_a_branch_clerk_registers_from_the_congress_page(client, branch_clerk, congress_a, branch_a):
    client.force_login(branch_clerk)
    text = page(client.get(url("congress_detail", congress_a)))
    assert 'data-testid="emulation-works"' in text and url("congress_work_add", congress_a) in text
    response = client.post(url("congress_work_add", congress_a), {
        "organization": 999999, "name": "Thắp sáng đường quê", "owner": "Chi bộ và nhân dân", "status": "registered",
        "registered_on": "10/05/2022",
    })
    assert response.status_code == 302 and response.url == url("congress_detail", congress_a)
    work = EmulationWork.objects.get()
    assert (work.organization, work.plan) == (branch_a, congress_a.plan)
    assert "Thắp sáng đường quê" in page(client.get(url("congress_detail", congress_a)))


def test_the_congress_box_has_no_add_link_for_a_reader(client, superior_leader, congress_a, open_plan, branch_a,
                                                       superior_clerk):
    register(open_plan, branch_a, superior_clerk, "Sửa chữa nhà văn hóa")
    client.force_login(superior_leader)
    text = page(client.get(url("congress_detail", congress_a)))
    assert "Sửa chữa nhà văn hóa" in text
    assert url("congress_work_add", congress_a) not in text
    assert url("plan_emulation", open_plan) in text


def test_a_branch_clerk_completes_their_work_and_returns_to_the_congress(client, branch_clerk, congress_a, works):
    client.force_login(branch_clerk)
    work = works[0]
    response = client.get(url("work_edit", work))
    assert response.status_code == 200 and 'name="organization"' not in page(response)
    response = client.post(url("work_edit", work), {
        "name": work.name, "owner": work.owner, "status": "completed", "registered_on": "10/05/2022",
        "completed_on": "20/06/2022",
    })
    assert response.status_code == 302 and response.url == url("congress_detail", congress_a)
    work.refresh_from_db()
    assert (work.status, work.completed_on) == ("completed", datetime.date(2022, 6, 20))


def test_a_branch_clerk_does_not_see_the_other_branchs_works(client, branch_clerk, works):
    client.force_login(branch_clerk)
    other = works[2]
    assert client.get(url("work_edit", other)).status_code == 404
    assert client.post(url("work_delete", other)).status_code == 404
    assert EmulationWork.objects.filter(pk=other.pk).exists()


def test_the_plans_clerk_removes_a_work(clerk_client, open_plan, works):
    response = clerk_client.post(url("work_delete", works[0]))
    assert response.status_code == 302 and response.url == url("plan_emulation", open_plan)
    assert not EmulationWork.objects.filter(pk=works[0].pk).exists()


def test_the_plans_clerk_records_changes_and_removes_an_award(clerk_client, open_plan, branch_a, branch_b):
    day = timezone.localdate(open_plan.opened_at)
    response = clerk_client.post(url("plan_award_add", open_plan), {
        "organization": branch_a.pk, "category": "congress", "title": "Giấy khen", "reason": "Đại hội điểm tốt",
        "awarded_on": f"{day:%d/%m/%Y}", "decision": "215-QĐ/ĐU",
    })
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.organization, award.decision) == (branch_a, "215-QĐ/ĐU")
    assert "215-QĐ/ĐU" in page(clerk_client.get(url("plan_emulation", open_plan)))
    response = clerk_client.post(url("award_edit", award), {
        "organization": branch_b.pk, "category": "emulation", "title": "Bằng khen", "reason": "",
        "awarded_on": f"{day:%d/%m/%Y}", "decision": "",
    })
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.organization, award.category, award.title) == (branch_b, "emulation", "Bằng khen")
    assert clerk_client.post(url("award_delete", award)).status_code == 302
    assert not Award.objects.exists()


def test_an_award_dated_too_early_shows_the_message(clerk_client, open_plan, branch_a):
    before = snapshot()
    response = clerk_client.post(url("plan_award_add", open_plan), {
        "organization": branch_a.pk, "category": "congress", "title": "Giấy khen", "reason": "",
        "awarded_on": "01/01/2020",
    })
    assert response.status_code == 200
    assert "cannot be dated before the plan (" in page(response)
    assert snapshot() == before


def test_an_organisation_outside_the_choices_is_refused_by_the_form(clerk_client, open_plan, superior_clerk):
    from branches.tests.factories import OrganizationFactory

    elsewhere = OrganizationFactory(name="Đảng bộ xã khác", kind="grassroots_committee")
    before = snapshot()
    response = clerk_client.post(url("plan_work_add", open_plan), {
        "organization": elsewhere.pk, "name": "Làm đường", "owner": "Xã", "status": "registered",
        "registered_on": "10/05/2022",
    })
    assert response.status_code == 200 and snapshot() == before


def test_awards_are_listed_for_readers(en, superior_viewer, open_plan, branch_a, superior_clerk):
    award_create(
        acting_user=superior_clerk, plan=open_plan, organization=branch_a, category="congress", title="Giấy khen",
        reason="Đại hội điểm tốt", awarded_on=timezone.localdate(open_plan.opened_at),
    )
    en.force_login(superior_viewer)
    text = page(en.get(url("plan_emulation", open_plan)))
    assert "Giấy khen" in text and "Outstanding in organising the congress" in text
