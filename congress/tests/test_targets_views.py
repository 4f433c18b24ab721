"""The targets of a congress on its pages: set while the documents are drafted, read at the review,
their yearly results once the congress is held, the previous term's targets, and the draft
resolution drafted again from the records (docs/documents.md "Targets")."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from congress.models import CongressDocumentRole, CongressState, Target, TargetResult
from congress.services.congresses import congress_document_create
from congress.tests.builders import issued_plan, put_in_state
from branches.models import Term

pytestmark = pytest.mark.usefixtures("no_rendering")


def target(congress, label="đảng viên hoàn thành tốt nhiệm vụ", comparison="above", value=95, unit="%", position=0):
    return Target.objects.create(congress=congress, label=label, comparison=comparison, value=value, unit=unit,
                                 position=position)


def test_the_clerk_adds_a_target_and_the_congress_page_lists_it(en, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    url = reverse("congress_targets", kwargs={"pk": congress_a.pk})
    response = en.post(url, {"label": "đảng viên mới", "comparison": "at_least", "value": "1", "unit": "đảng viên mới"})
    assert response.status_code == 302
    saved = congress_a.targets.get()
    assert (str(saved), saved.position) == ("đảng viên mới từ 01 đảng viên mới trở lên", 0)
    assert LogEntry.objects.filter(additional_data__action="congress.target.saved").exists()
    page = en.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert 'data-testid="targets"' in page and "đảng viên mới từ 01 đảng viên mới trở lên" in page


def test_a_decimal_comma_is_read_and_bad_input_is_refused_in_vietnamese(client, congress_a, branch_clerk):
    client.force_login(branch_clerk)  # the default interface: Vietnamese
    url = reverse("congress_targets", kwargs={"pk": congress_a.pk})
    for value in ("abc", "-3", "120", "1" * 30):
        response = client.post(url, {"label": "đảng viên", "comparison": "above", "value": value, "unit": "%"})
        assert response.status_code == 200, value
        assert not congress_a.targets.exists()
    page = client.post(url, {"label": "  ", "comparison": "nope", "value": "", "unit": "%"}).content.decode()
    assert "Ghi rõ chỉ tiêu đo điều gì." in page and "Hãy cho biết con số của chỉ tiêu." in page
    client.post(url, {"label": "đảng viên hoàn thành tốt nhiệm vụ", "comparison": "above", "value": "95,5", "unit": "%"})
    assert congress_a.targets.get().value == Decimal("95.5")


def test_edit_move_and_delete(en, congress_a, branch_clerk):
    first, second = target(congress_a, position=0), target(congress_a, label="kết nạp", comparison="at_least",
                                                          value=1, unit="đảng viên mới", position=1)
    en.force_login(branch_clerk)
    en.post(reverse("target_edit", kwargs={"pk": first.pk}),
            {"label": "đảng viên hoàn thành xuất sắc nhiệm vụ", "comparison": "above", "value": "10", "unit": "%"})
    first.refresh_from_db()
    assert str(first) == "trên 10% đảng viên hoàn thành xuất sắc nhiệm vụ"
    en.post(reverse("target_move", kwargs={"pk": second.pk}), {"direction": "up"})
    assert list(congress_a.targets.values_list("pk", flat=True)) == [second.pk, first.pk]
    en.post(reverse("target_move", kwargs={"pk": second.pk}), {"direction": "sideways"})  # refused, no 500
    en.post(reverse("target_delete", kwargs={"pk": first.pk}))
    assert list(congress_a.targets.values_list("pk", flat=True)) == [second.pk]


def test_targets_no_longer_change_once_the_congress_is_submitted(en, congress_a, branch_clerk):
    row = target(congress_a)
    put_in_state(congress_a, CongressState.SUBMITTED)
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_targets", kwargs={"pk": congress_a.pk}),
                       {"label": "x", "comparison": "above", "value": "1", "unit": "%"}, follow=True)
    assert "before the congress is submitted for review" in response.content.decode()
    en.post(reverse("target_delete", kwargs={"pk": row.pk}))
    assert congress_a.targets.count() == 1


def test_the_leader_reads_the_targets_but_cannot_change_them(en, congress_a, superior_leader):
    row = target(congress_a)
    en.force_login(superior_leader)
    page = en.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert "trên 95% đảng viên hoàn thành tốt nhiệm vụ" in page and 'data-testid="targets-edit"' not in page
    assert en.post(reverse("target_delete", kwargs={"pk": row.pk})).status_code == 403


def test_yearly_results_are_recorded_once_held_and_shown_met_or_not(en, congress_a, branch_clerk):
    good = target(congress_a, position=0)
    count = target(congress_a, label="kết nạp", comparison="at_least", value=1, unit="đảng viên mới", position=1)
    en.force_login(branch_clerk)
    url = reverse("congress_target_results", kwargs={"pk": congress_a.pk})
    response = en.post(url, {"year": "2022", f"target_{good.pk}": "96"}, follow=True)
    assert "once the congress is held" in response.content.decode() and not TargetResult.objects.exists()
    put_in_state(congress_a, CongressState.RATIFIED, held_on=datetime.date(2022, 5, 20))
    assert en.get(url + "?year=2022").status_code == 200
    en.post(url, {"year": "2022", f"target_{good.pk}": "96.5", f"target_{count.pk}": "2"})
    en.post(url, {"year": "2023", f"target_{good.pk}": "94", f"target_{count.pk}": ""})
    assert {(r.target_id, r.year, r.achieved) for r in TargetResult.objects.all()} == {
        (good.pk, 2022, Decimal("96.5")), (count.pk, 2022, Decimal(2)), (good.pk, 2023, Decimal(94)),
    }
    for bad in ({"year": "2019", f"target_{good.pk}": "1"}, {"year": "x²", f"target_{good.pk}": "1"},
                {"year": "2022", f"target_{good.pk}": "101"}, {"year": "2022", f"target_{good.pk}": "abc"}):
        assert en.post(url, bad).status_code in {200, 302}
    assert TargetResult.objects.get(target=good, year=2022).achieved == Decimal("96.5")
    page = en.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    table = page.split('data-testid="targets-table"')[1].split("</table>")[0]
    assert "96,5%" in table and "Not met" in table and "Met" in table


def test_the_next_congress_shows_the_previous_terms_targets_and_its_report_their_table(
    en, congress_a, branch_a, superior, superior_clerk, superior_leader, branch_clerk,
):
    good = target(congress_a)
    TargetResult.objects.create(target=good, year=2023, achieved=Decimal(97), recorded_by=branch_clerk)
    put_in_state(congress_a, CongressState.RATIFIED)
    term = Term.objects.create(start_year=2025, end_year=2030)
    plan = issued_plan(organization=superior, clerk=superior_clerk, leader=superior_leader, term=term)
    later = plan.congresses.get(organization=branch_a)
    en.force_login(branch_clerk)
    page = en.get(reverse("congress_detail", kwargs={"pk": later.pk})).content.decode()
    block = page.split('data-testid="previous-targets"')[1]
    assert "2022–2025" in block and "trên 95% đảng viên hoàn thành tốt nhiệm vụ" in block and "97%" in block
    report = congress_document_create(acting_user=branch_clerk, congress=later, role=CongressDocumentRole.POLITICAL_REPORT)
    body = report.versions.get().body
    assert "Kết quả thực hiện các chỉ tiêu Nghị quyết nhiệm kỳ 2022–2025" in body
    assert body.index("I. Kết quả đạt được") < body.index("Kết quả thực hiện các chỉ tiêu") < body.index("II. Hạn chế")
    assert "<td>trên 95% đảng viên hoàn thành tốt nhiệm vụ</td><td>97%</td><td>Đạt</td>" in body


def test_the_resolution_is_drafted_again_from_the_page(en, congress_a, branch_clerk):
    draft = congress_document_create(acting_user=branch_clerk, congress=congress_a, role=CongressDocumentRole.DRAFT_RESOLUTION)
    target(congress_a)
    en.force_login(branch_clerk)
    page = en.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert 'data-testid="resolution-redraft"' in page
    response = en.post(reverse("congress_resolution_redraft", kwargs={"pk": congress_a.pk}))
    assert response.status_code == 302 and response.url == reverse("document_detail", kwargs={"pk": draft.pk})
    assert "trên 95% đảng viên hoàn thành tốt nhiệm vụ" in draft.versions.order_by("-number").first().body


def test_the_review_page_shows_the_targets(en, congress_a, superior_leader):
    from congress.models import ReviewSession
    target(congress_a)
    put_in_state(congress_a, CongressState.SUBMITTED)
    session = ReviewSession.objects.create(
        congress=congress_a, mode="in_person", starts_at=datetime.datetime(2022, 5, 1, 8, tzinfo=datetime.UTC),
        scheduled_by=superior_leader,
    )
    en.force_login(superior_leader)
    page = en.get(reverse("review_decide", kwargs={"pk": session.pk})).content.decode()
    assert "trên 95% đảng viên hoàn thành tốt nhiệm vụ" in page


def test_the_targets_page_reads_in_few_queries(en, congress_a, branch_clerk, django_assert_max_num_queries):
    for i in range(8):
        target(congress_a, label=f"chỉ tiêu {i}", position=i)
    en.force_login(branch_clerk)
    with django_assert_max_num_queries(40):
        assert en.get(reverse("congress_targets", kwargs={"pk": congress_a.pk})).status_code == 200
