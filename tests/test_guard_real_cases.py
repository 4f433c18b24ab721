"""The guard (documents.guard) on the product's own texts: every skeleton a draft starts from is
refused as it stands, and the texts the demo writes pass (docs/domain.md §4a)."""

import datetime

import pytest

from congress import demo_texts
from congress.services.congresses import _POLITICAL_REPORT_BODY, _SELF_REVIEW_BODY
from congress.minutes import minutes_html
from congress.tests.test_day_minutes import facts as minutes_facts
from documents.guard import leftovers
from documents.management.commands import seed_demo_documents
from documents.sanitize import sanitize_body
from elections.minutes import count_minutes_html
from elections.tests.test_minutes_builders import facts as count_facts
from reporting import report
from reporting.tests.test_report_text import KY_TRINH
from reporting.tests.test_report_text import facts as report_facts

SKELETONS = {
    "political report": _POLITICAL_REPORT_BODY.format(term="2025–2030"),
    "self-review": _SELF_REVIEW_BODY,
    "congress minutes without the day's facts": minutes_html(minutes_facts(
        held_on=None, venue="", opening_time=None, closing_time=None, votes={},
    )),
    "vote-count minutes without their times": count_minutes_html(count_facts(
        count_started_time=None, minutes_closed_time=None,
    )),
    "summary report": report.report_body(report_facts(**KY_TRINH)),
    "demo resolution template": seed_demo_documents.RESOLUTION_TEMPLATE["body"],
    "demo political report template": seed_demo_documents.REPORT_TEMPLATE["body"],
}

SKELETONS_LEFT = {name: leftovers(sanitize_body(body)) for name, body in SKELETONS.items()}


@pytest.mark.parametrize("name", SKELETONS)
def test_every_skeleton_is_refused_as_it_stands(name):
    assert SKELETONS_LEFT[name], name


def test_the_political_report_skeleton_names_each_empty_section():
    assert leftovers(SKELETONS["political report"]) == [
        f'mục "{title}" chưa có nội dung' for title in (
            "I. Kết quả đạt được", "II. Hạn chế, khuyết điểm và nguyên nhân", "III. Bài học kinh nghiệm",
            "I. Mục tiêu tổng quát", "II. Các chỉ tiêu chủ yếu", "III. Nhiệm vụ và giải pháp",
        )
    ]


def test_the_summary_report_names_its_assessment_to_write():
    assert any(item.startswith('hướng dẫn "(Đánh giá ưu điểm') for item in SKELETONS_LEFT["summary report"])


FINISHED = {
    "demo plan": seed_demo_documents.PLAN["body"],
    "demo notice": seed_demo_documents.NOTICE["body"],
    **{
        f"political report ({voice})": demo_texts.political_report_body(
            organization=name, term="2025–2030", previous_term="2020–2025", targets=targets,
        )
        for voice, name, targets in (
            ("residential, with targets", "Chi bộ TDP Hoàng Trinh", ("trên 90% đảng viên hoàn thành tốt nhiệm vụ",)),
            ("agency, without targets", "Chi bộ Văn phòng", ()),
        )
    },
    "self-review": demo_texts.self_review_body(organization="Chi bộ TDP Hoàng Trinh"),
    "vote-count minutes with their times": count_minutes_html(count_facts(
        count_started_time=datetime.time(9, 15), minutes_closed_time=datetime.time(9, 50),
    )),
}


@pytest.mark.parametrize("name", FINISHED)
def test_finished_texts_pass(name):
    assert leftovers(sanitize_body(FINISHED[name])) == [], name
