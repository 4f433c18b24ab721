"""What each URL of reporting.urls.register needs, for the permission matrix (tests/test_permissions.py).

The plan's register and its awards belong to the plan's committee (the superior); a work belongs
to its organisation: WORK is a work of branch A, which branch A's clerk keeps as the superior's does."""

import datetime

from congress.tests.needs import CONGRESS, EDIT, PLAN, POST_ONLY, SUPERIOR_EDIT, SUPERIOR_VIEW

WORK = "emulation work"  # a work of branch A in the plan's register
AWARD = "award"  # an award of the plan to branch A

MATRIX = {
    "plan_emulation": (PLAN, SUPERIOR_VIEW, None),
    "plan_work_add": (PLAN, SUPERIOR_EDIT, SUPERIOR_EDIT),
    "congress_work_add": (CONGRESS, EDIT, EDIT),
    "work_edit": (WORK, EDIT, EDIT),
    "work_delete": (WORK, POST_ONLY, EDIT),
    "plan_award_add": (PLAN, SUPERIOR_EDIT, SUPERIOR_EDIT),
    "award_edit": (AWARD, SUPERIOR_EDIT, SUPERIOR_EDIT),
    "award_delete": (AWARD, POST_ONLY, SUPERIOR_EDIT),
}


def targets(*, plan, branch_a, superior_clerk, **context):
    from django.utils import timezone

    from reporting.services.register import award_create, emulation_work_create

    day = datetime.date(2022, 5, 10)
    work = emulation_work_create(
        acting_user=superior_clerk, plan=plan, organization=branch_a, name="Sửa chữa nhà văn hóa tổ dân phố",
        owner="Chi bộ và Ban điều hành TDP", registered_on=day,
    )
    award = award_create(
        acting_user=superior_clerk, plan=plan, organization=branch_a, category="congress", title="Giấy khen",
        reason="Tổ chức đại hội điểm thành công", awarded_on=timezone.localdate(plan.opened_at),
    )
    return {WORK: work, AWARD: award}
