"""The register of emulation works and the awards: what the services accept, what they refuse
(in a message a person reads, changing nothing), and the history they leave."""

import datetime

import pytest

from congress.services.congresses import plan_issued_on
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from branches.tests.factories import OrganizationFactory
from congress.services.plans import plan_create
from congress.tests.builders import HELD_BY
from reporting.models import Award, EmulationWork, WorkStatus
from reporting.services.register import (
    award_create, award_delete, award_update, emulation_work_create, emulation_work_delete, emulation_work_update,
)

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

MAY = datetime.date(2022, 5, 10)


def opened_on(plan):
    return plan_issued_on(plan)


@pytest.fixture
def work(open_plan, branch_a, superior_clerk):
    return emulation_work_create(
        acting_user=superior_clerk, plan=open_plan, organization=branch_a, name="Sửa chữa nhà văn hóa",
        owner="Chi bộ TDP Hoàng Trinh", registered_on=MAY,
    )


@pytest.fixture
def award(open_plan, branch_a, superior_clerk):
    return award_create(
        acting_user=superior_clerk, plan=open_plan, organization=branch_a, category="congress", title="Giấy khen",
        reason="Tổ chức đại hội điểm thành công", awarded_on=opened_on(open_plan), decision="215-QĐ/ĐU",
    )


def rows():
    return (
        LogEntry.objects.count(),
        list(EmulationWork.objects.values_list("pk", "organization", "name", "owner", "status", "registered_on", "completed_on")),
        list(Award.objects.values_list("pk", "organization", "title", "awarded_on")),
    )


def refused(call, **kwargs) -> ValidationError:
    before = rows()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert rows() == before
    return caught.value


# --- Works ----------------------------------------------------------------------------------------


def test_a_work_is_registered_with_its_history(work, open_plan, branch_a, superior_clerk):
    assert (work.plan, work.organization, work.status, work.completed_on) == (open_plan, branch_a, "registered", None)
    entry = LogEntry.objects.get_for_object(work).get()
    assert entry.actor == superior_clerk
    assert entry.additional_data == {"action": "reporting.work.registered", "plan": open_plan.pk, "organization": branch_a.pk}


def test_names_are_stripped(open_plan, superior, superior_clerk):
    work = emulation_work_create(
        acting_user=superior_clerk, plan=open_plan, organization=superior, name="  Trồng cây xanh ", owner=" Đoàn TN ",
        registered_on=MAY,
    )
    assert (work.name, work.owner) == ("Trồng cây xanh", "Đoàn TN")


def test_the_plans_committee_registers_works_of_its_own(open_plan, superior, superior_clerk):
    work = emulation_work_create(
        acting_user=superior_clerk, plan=open_plan, organization=superior, name="Làm đường", owner="Đảng ủy",
        registered_on=MAY,
    )
    assert work.organization == superior


def test_an_organisation_outside_the_plan_is_refused(open_plan, superior_clerk):
    elsewhere = OrganizationFactory(name="Đảng bộ xã khác", kind="grassroots_committee")
    error = refused(
        emulation_work_create, acting_user=superior_clerk, plan=open_plan, organization=elsewhere, name="Làm đường",
        owner="Xã khác", registered_on=MAY,
    )
    assert error.message_dict["organization"] == [
        "Đảng bộ xã khác is not in the plan's scope: only Đảng bộ phường Kỳ Trinh and the organisations below it.",
    ]


def test_a_plan_not_issued_yet_registers_nothing(superior, branch_a, superior_clerk, open_plan):
    draft = plan_create(
        acting_user=superior_clerk, organization=superior, term=open_plan.term, subject="Kế hoạch bổ sung",
        congresses_held_by=HELD_BY,
    )
    error = refused(
        emulation_work_create, acting_user=superior_clerk, plan=draft, organization=branch_a, name="Làm đường",
        owner="Chi bộ", registered_on=MAY,
    )
    assert "not issued yet" in error.messages[0]
    error = refused(
        award_create, acting_user=superior_clerk, plan=draft, organization=branch_a, category="congress",
        title="Giấy khen", reason="", awarded_on=HELD_BY,
    )
    assert "not issued yet" in error.messages[0]


def test_a_completed_work_needs_its_date(open_plan, branch_a, superior_clerk):
    error = refused(
        emulation_work_create, acting_user=superior_clerk, plan=open_plan, organization=branch_a, name="Làm đường",
        owner="Chi bộ", status=WorkStatus.COMPLETED, registered_on=MAY,
    )
    assert error.message_dict == {"completed_on": ["A completed work needs the date it was completed."]}


def test_only_a_completed_work_has_a_completion_date(work, superior_clerk):
    error = refused(emulation_work_update, acting_user=superior_clerk, work=work, status="in_progress",
                    completed_on=MAY)
    assert error.message_dict == {"completed_on": ["Only a completed work has a completion date."]}


def test_a_work_is_not_completed_before_it_is_registered(work, superior_clerk):
    error = refused(emulation_work_update, acting_user=superior_clerk, work=work, status="completed",
                    completed_on=MAY - datetime.timedelta(days=1))
    assert error.message_dict == {"completed_on": ["A work cannot be completed before it is registered."]}


def test_blank_name_and_unknown_status_are_refused(open_plan, branch_a, superior_clerk):
    error = refused(
        emulation_work_create, acting_user=superior_clerk, plan=open_plan, organization=branch_a, name="  ",
        owner="Chi bộ", status="lost", registered_on=MAY,
    )
    assert set(error.message_dict) >= {"name", "status"}


def test_a_work_moves_to_completed_with_only_changed_fields_in_history(work, superior_clerk, branch_clerk):
    done = datetime.date(2022, 6, 20)
    emulation_work_update(acting_user=superior_clerk, work=work, status="in_progress")
    updated = emulation_work_update(acting_user=branch_clerk, work=work, status="completed", completed_on=done)
    assert (updated.status, updated.completed_on) == ("completed", done)
    entry = LogEntry.objects.get_for_object(work).order_by("-pk").first()
    assert entry.actor == branch_clerk and entry.additional_data["action"] == "reporting.work.updated"
    assert set(entry.changes_dict) == {"status", "completed_on"}


def test_a_work_cannot_move_out_of_the_plan(work, superior_clerk):
    elsewhere = OrganizationFactory(name="Đảng bộ xã khác", kind="grassroots_committee")
    error = refused(emulation_work_update, acting_user=superior_clerk, work=work, organization=elsewhere)
    assert list(error.message_dict) == ["organization"]
    with pytest.raises(TypeError):
        emulation_work_update(acting_user=superior_clerk, work=work, plan=None)


def test_a_work_is_deleted_with_its_history(work, superior_clerk):
    pk = work.pk
    emulation_work_delete(acting_user=superior_clerk, work=work)
    assert not EmulationWork.objects.filter(pk=pk).exists()
    entry = LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).get()
    assert entry.additional_data["action"] == "reporting.work.deleted"
    assert entry.additional_data["name"] == "Sửa chữa nhà văn hóa"


# --- Awards ---------------------------------------------------------------------------------------


def test_an_award_is_recorded(award, open_plan, branch_a, superior_clerk):
    assert (award.plan, award.organization, award.decision) == (open_plan, branch_a, "215-QĐ/ĐU")
    entry = LogEntry.objects.get_for_object(award).get()
    assert entry.actor == superior_clerk and entry.additional_data["action"] == "reporting.award.created"


def test_an_award_is_not_dated_before_the_plan(open_plan, branch_a, superior_clerk):
    day = opened_on(open_plan)
    error = refused(
        award_create, acting_user=superior_clerk, plan=open_plan, organization=branch_a, category="congress",
        title="Giấy khen", reason="", awarded_on=day - datetime.timedelta(days=1),
    )
    assert error.message_dict == {"awarded_on": [
        f"An award of this round cannot be dated before the plan ({day:%d/%m/%Y}).",
    ]}


def test_an_award_outside_the_plan_or_of_unknown_category_is_refused(award, superior_clerk):
    elsewhere = OrganizationFactory(name="Đảng bộ xã khác", kind="grassroots_committee")
    error = refused(award_update, acting_user=superior_clerk, award=award, organization=elsewhere, category="gold")
    assert set(error.message_dict) == {"organization", "category"}


def test_an_award_is_changed_and_removed(award, branch_b, superior_clerk):
    changed = award_update(acting_user=superior_clerk, award=award, organization=branch_b, title=" Bằng khen ")
    assert (changed.organization, changed.title) == (branch_b, "Bằng khen")
    award_delete(acting_user=superior_clerk, award=changed)
    assert not Award.objects.exists()
    actions = list(LogEntry.objects.filter(additional_data__action__startswith="reporting.award.")
                   .order_by("pk").values_list("additional_data__action", flat=True))
    assert actions == ["reporting.award.created", "reporting.award.updated", "reporting.award.deleted"]
