"""Building congress rounds for tests: a plan issued through the real services, and congresses
put straight into a later state for tests of what happens there."""

import datetime

from branches.tests.factories import TermFactory
from congress.models import Congress, Plan
from congress.services.plans import plan_create, plan_issue
from documents.rules import Actor, Move
from documents.services.documents import document_move, document_save_body, document_update

HELD_BY = datetime.date(2022, 7, 20)
PILOTS_BY = datetime.date(2022, 6, 15)
# The text of a plan fit to approve (documents.guard finds nothing left in it).
PLAN_BODY = (
    "<p>Thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị về đại hội đảng bộ các cấp, Đảng ủy xây dựng kế hoạch "
    "tổ chức đại hội các chi bộ trực thuộc như sau:</p>"
    "<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>"
    "<p>Đánh giá kết quả thực hiện nghị quyết nhiệm kỳ qua, xác định phương hướng, mục tiêu, nhiệm vụ nhiệm kỳ "
    "tới; bầu chi ủy, bí thư đủ phẩm chất, năng lực.</p>"
    "<p><b>II. TỔ CHỨC THỰC HIỆN</b></p>"
    "<p>Các chi ủy chuẩn bị văn kiện, phương án nhân sự, báo cáo Đảng ủy trước đại hội ít nhất 10 ngày làm việc.</p>"
)


def round_term():
    return TermFactory(start_year=2022, end_year=2025)


def issued_plan(*, organization, clerk, leader, term=None, pilots=(), scope=None, **settings) -> Plan:
    """A plan of `organization` whose KH document went through approval and was issued, so its
    congresses are open."""
    plan = plan_create(
        acting_user=clerk, organization=organization, term=term or round_term(),
        subject="Kế hoạch tổ chức đại hội chi bộ", congresses_held_by=HELD_BY,
        pilots_held_by=PILOTS_BY if pilots else None, pilots=pilots, scope=scope, **settings,
    )
    document_save_body(acting_user=clerk, document=plan.document, body=PLAN_BODY)
    if not plan.document.signer_name:
        document_update(acting_user=clerk, document=plan.document, signer_name="Nguyễn Văn Trung")
    document_move(acting_user=clerk, document=plan.document, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=leader, document=plan.document, move=Move.APPROVE, actors={Actor.LEADER})
    return plan_issue(acting_user=clerk, plan=plan, actors={Actor.CLERK})


def put_in_state(congress: Congress, state: str, **fields) -> Congress:
    """Set a congress's state (and other fields) directly, skipping the moves before it."""
    Congress.objects.filter(pk=congress.pk).update(state=state, **fields)
    from reporting import freshness  # the app above congress that keeps the round's figures

    freshness.changed()  # update() sends no signal: the figures kept are stale now
    congress.refresh_from_db()
    return congress
