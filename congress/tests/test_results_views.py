"""The results pages: what each role sees and may do, refusals with their message, uploads and
downloads of the dossier, ratification and annulment from the browser, and the panel."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import CommitteeSeat, Position, Term
from branches.tests.factories import CommitteeSeatFactory, MemberFactory
from branches.tests.workbooks import HOSTILE, assert_data_only
from congress.models import (
    Complaint, CongressDocument, CongressDocumentRole, CongressState, DossierFile, DossierKind, ElectedSeat, Holiday,
)
from congress.tests.builders import put_in_state
from congress.tests.test_results_ratification import complete_dossier, reported

pytestmark = pytest.mark.usefixtures("no_rendering")

PDF = b"%PDF-1.4\n% scanned minutes\n"
HELD_ON = datetime.date(2022, 6, 17)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def held(congress_a):
    return put_in_state(congress_a, CongressState.HELD, held_on=HELD_ON)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def login(client, user):
    client.force_login(user)
    return client


# --- The elected -----------------------------------------------------------------------------------


def test_the_clerk_records_the_elected(en, held, branch_clerk, member_a):
    login(en, branch_clerk)
    url = reverse("congress_elected", kwargs={"pk": held.pk})
    response = en.post(url, {"member": member_a.pk, "position": "secretary", "votes": "9"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Nguyễn Văn An is recorded as secretary." in _messages(response)
    assert ElectedSeat.objects.get().votes == 9
    page = response.content.decode()
    assert "Nguyễn Văn An" in page and "were not recorded in the product: the clerk records the elected" in page


def test_a_refusal_is_shown_on_the_form(en, held, branch_clerk, member_a, branch_a):
    ElectedSeat.objects.create(congress=held, member=member_a, position="secretary")
    other = MemberFactory(organization=branch_a, full_name="Lê Thị Hoa")
    login(en, branch_clerk)
    response = en.post(reverse("congress_elected", kwargs={"pk": held.pk}), {"member": other.pk, "position": "secretary"})
    assert response.status_code == 200
    assert "already elected a secretary: Nguyễn Văn An" in response.content.decode()
    assert ElectedSeat.objects.count() == 1


def test_committee_members_at_a_small_branch_are_refused_on_the_form(en, held, branch_clerk, member_a):
    """A branch under 9 official members has no committee: refused, not warned about [Charter
    Art. 24 cl. 4; 294-QĐ/TW §24]. It used to be saved with a warning, which the rule forbids."""
    login(en, branch_clerk)
    response = en.post(reverse("congress_elected", kwargs={"pk": held.pk}), {"member": member_a.pk, "position": "member"})
    assert response.status_code == 200
    assert "fewer than 9 it elects a secretary and, if needed, one deputy, and no committee" in response.content.decode()
    assert not ElectedSeat.objects.exists()


def test_a_member_outside_the_organisation_is_not_offered(en, held, branch_clerk, member_b):
    login(en, branch_clerk)
    response = en.post(reverse("congress_elected", kwargs={"pk": held.pk}), {"member": member_b.pk, "position": "secretary"})
    assert response.status_code == 200 and not ElectedSeat.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_the_elected_cannot_change_before_the_congress(en, congress_a, branch_clerk, member_a):
    login(en, branch_clerk)
    url = reverse("congress_elected", kwargs={"pk": congress_a.pk})
    page = en.get(url).content.decode()
    assert "once the congress is held" in page and 'name="position"' not in page
    response = en.post(url, {"member": member_a.pk, "position": "secretary"}, follow=True)
    assert "The results can be recorded once the congress is held." in _messages(response)
    assert not ElectedSeat.objects.exists()


def test_removing_an_elected_person(en, held, branch_clerk, member_a):
    seat = ElectedSeat.objects.create(congress=held, member=member_a, position="secretary")
    login(en, branch_clerk)
    response = en.post(reverse("congress_elected_delete", kwargs={"pk": seat.pk}), follow=True)
    assert "Nguyễn Văn An was removed from the elected." in _messages(response)
    assert not ElectedSeat.objects.exists()


def test_a_ratified_seat_is_not_removed(en, congress_a, branch_clerk, member_a):
    put_in_state(congress_a, CongressState.RATIFIED)
    seat = ElectedSeat.objects.create(congress=congress_a, member=member_a, position="secretary")
    login(en, branch_clerk)
    response = en.post(reverse("congress_elected_delete", kwargs={"pk": seat.pk}), follow=True)
    assert "can no longer change" in " ".join(_messages(response))
    assert ElectedSeat.objects.filter(pk=seat.pk).exists()


def test_the_elected_page_reads_in_bounded_queries(en, held, branch_clerk, branch_a, django_assert_max_num_queries):
    for position in ["secretary", "deputy_secretary"] + ["member"] * 5:
        ElectedSeat.objects.create(congress=held, member=MemberFactory(organization=branch_a), position=position)
    login(en, branch_clerk)
    with django_assert_max_num_queries(30):
        response = en.get(reverse("congress_elected", kwargs={"pk": held.pk}))
    assert response.content.decode().count("data-confirm=\"Remove this person") == 7


# --- The dossier -----------------------------------------------------------------------------------


def _upload(client, congress, name, data, kind="election_minutes", follow=False):
    return client.post(
        reverse("congress_dossier", kwargs={"pk": congress.pk}),
        {"kind": kind, "file": SimpleUploadedFile(name, data)}, follow=follow,
    )


def test_the_clerk_uploads_a_dossier_file(en, held, branch_clerk, media):
    login(en, branch_clerk)
    response = _upload(en, held, "Biên bản bầu cử.pdf", PDF, follow=True)
    assert "The file was added to the dossier." in _messages(response)
    row = DossierFile.objects.get()
    assert row.kind == DossierKind.ELECTION_MINUTES and row.uploaded_by == branch_clerk
    assert (media / row.file.name).read_bytes() == PDF
    assert "bien-ban-bau-cu.pdf" in response.content.decode()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("script.exe", b"MZ\x90\x00", "Only PDF, JPEG, PNG"),
    ("bien-ban.pdf", b"", "The file is empty."),
    ("bien-ban.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024 - 4), "too large"),
    ("bien-ban.pdf", b"<html>not a pdf</html>", "does not match its type"),
])
def test_bad_uploads_are_refused(en, held, branch_clerk, media, name, data, message):
    login(en, branch_clerk)
    response = _upload(en, held, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DossierFile.objects.exists()
    assert not (media / "dossiers").exists()


def test_a_viewer_downloads_a_dossier_file_and_an_outsider_gets_404(client, held, branch_clerk, superior_viewer,
                                                                    outsider, superior_leader):
    login(client, branch_clerk)
    _upload(client, held, "cv.pdf", PDF, kind="cvs")
    url = reverse("congress_dossier_download", kwargs={"pk": DossierFile.objects.get().pk})
    login(client, superior_viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="cv.pdf"' in response["Content-Disposition"]
    login(client, outsider)
    assert client.get(url).status_code == 404
    login(client, superior_leader)
    assert client.post(reverse("congress_dossier_delete", kwargs={"pk": DossierFile.objects.get().pk})).status_code == 403


def test_a_missing_stored_file_answers_404(client, held, branch_clerk):
    row = DossierFile.objects.create(congress=held, kind="cvs", file="dossiers/gone.pdf", uploaded_by=branch_clerk)
    login(client, branch_clerk)
    assert client.get(reverse("congress_dossier_download", kwargs={"pk": row.pk})).status_code == 404


def test_the_clerk_removes_a_dossier_file(en, held, branch_clerk, media, django_capture_on_commit_callbacks):
    login(en, branch_clerk)
    _upload(en, held, "cv.pdf", PDF, kind="cvs")
    row = DossierFile.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = en.post(reverse("congress_dossier_delete", kwargs={"pk": row.pk}), follow=True)
    assert "The file was removed from the dossier." in _messages(response)
    assert not DossierFile.objects.exists() and not (media / row.file.name).exists()


def test_the_dossier_page_shows_what_is_missing(en, held, branch_clerk):
    login(en, branch_clerk)
    _upload(en, held, "cv.pdf", PDF, kind="cvs")
    page = en.get(reverse("congress_dossier", kwargs={"pk": held.pk})).content.decode()
    assert "The results dossier is not complete yet" in page
    assert page.count(">missing<") == 4 and page.count(">there<") == 1


def test_the_summary_list_of_the_elected(client, held, branch_a, member_a, superior_viewer):
    previous = Term.objects.create(start_year=2020, end_year=2022)
    new = MemberFactory(organization=branch_a, full_name="Lê Thị Hoa", gender="female")
    ElectedSeat.objects.create(congress=held, member=new, position="deputy_secretary", votes=8)
    ElectedSeat.objects.create(congress=held, member=member_a, position="secretary", votes=9)
    CommitteeSeatFactory(member=member_a, term=previous, position="secretary")
    login(client, superior_viewer)
    response = client.get(reverse("congress_summary_list", kwargs={"pk": held.pk}))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert [(r[0], r[1], r[2], r[3], r[9], r[10]) for r in rows] == [
        (1, "Nguyễn Văn An", "Bí thư", "Nam", 9, "Tái cử"),
        (2, "Lê Thị Hoa", "Phó Bí thư", "Nữ", 8, "Mới"),
    ]
    assert sheet["A1"].value.startswith("DANH SÁCH TRÍCH NGANG CẤP ỦY CHI BỘ TDP HOÀNG TRINH")


def test_the_summary_list_writes_particulars_that_look_like_formulas_as_text(client, held, branch_a, superior_viewer):
    """Issue 15, item 1: names, ethnicities and occupations typed as formulas stay text."""
    for votes, text in enumerate(HOSTILE, 1):
        member = MemberFactory(organization=branch_a, full_name=text, ethnicity=text, occupation=text)
        ElectedSeat.objects.create(congress=held, member=member, position="member", votes=votes)
    login(client, superior_viewer)
    response = client.get(reverse("congress_summary_list", kwargs={"pk": held.pk}))
    assert response.status_code == 200
    assert_data_only(response.content)


# --- Complaints ------------------------------------------------------------------------------------


def test_the_superior_clerk_records_and_settles_a_complaint(en, held, superior_clerk):
    login(en, superior_clerk)
    url = reverse("congress_complaints", kwargs={"pk": held.pk})
    response = en.post(url, {"received_on": "20/06/2022", "summary": "Phản ánh việc kiểm phiếu."}, follow=True)
    assert "ratification waits until it is settled" in " ".join(_messages(response))
    complaint = Complaint.objects.get()
    assert complaint.received_on == datetime.date(2022, 6, 20) and complaint.recorded_by == superior_clerk
    response = en.post(reverse("congress_complaint_settle", kwargs={"pk": complaint.pk}),
                       {"settled_on": "19/06/2022", "settlement": "Đã xác minh."}, follow=True)
    assert "cannot be settled before it was received" in " ".join(_messages(response))
    response = en.post(reverse("congress_complaint_settle", kwargs={"pk": complaint.pk}),
                       {"settled_on": "22/06/2022", "settlement": "Đã xác minh."}, follow=True)
    assert "The complaint is settled." in _messages(response)
    complaint.refresh_from_db()
    assert complaint.settled_on == datetime.date(2022, 6, 22)


def test_the_branch_clerk_reads_complaints_but_does_not_record_them(client, held, branch_clerk):
    login(client, branch_clerk)
    url = reverse("congress_complaints", kwargs={"pk": held.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"received_on": "20/06/2022", "summary": "x"}).status_code == 403
    assert not Complaint.objects.exists()


def test_a_complaint_before_the_congress_is_refused_politely(en, congress_a, superior_clerk):
    login(en, superior_clerk)
    response = en.post(reverse("congress_complaints", kwargs={"pk": congress_a.pk}),
                       {"received_on": "20/06/2022", "summary": "x"}, follow=True)
    assert "Complaints about the results are recorded once the congress is held." in _messages(response)
    assert not Complaint.objects.exists()


# --- Ratification and annulment --------------------------------------------------------------------


@pytest.fixture
def ready(congress_a, member_a, branch_clerk, superior_leader):
    reported(congress_a)
    ElectedSeat.objects.create(congress=congress_a, member=member_a, position=Position.SECRETARY, votes=9)
    complete_dossier(congress_a, branch_clerk, superior_leader)
    return congress_a


def test_the_leader_sees_why_ratification_waits(en, congress_a, member_a, superior_leader):
    reported(congress_a)
    login(en, superior_leader)
    page = en.get(reverse("congress_ratify", kwargs={"pk": congress_a.pk})).content.decode()
    assert "The results cannot be ratified yet" in page
    assert "results dossier is not complete" in page and "Nobody was elected or appointed" in page


def test_the_leader_ratifies_from_the_page(en, ready, superior_leader, branch_a, member_a):
    login(en, superior_leader)
    url = reverse("congress_ratify", kwargs={"pk": ready.pk})
    assert 'name="on"' in en.get(url).content.decode()
    response = en.post(url, {"on": "01/07/2022"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("congress_detail", kwargs={"pk": ready.pk})
    assert ("The results are ratified by decision 01-QĐ/ĐU; the elected are now the committee for the term "
            "2022–2025.") in _messages(response)
    ready.refresh_from_db()
    assert ready.state == CongressState.RATIFIED
    assert CommitteeSeat.objects.filter(organization=branch_a, member=member_a, position="secretary").exists()
    panel = response.content.decode()
    assert 'data-testid="ratification-decision"' in panel and "01-QĐ/ĐU</a>" in panel


def test_the_branch_clerk_opens_the_issued_decision(en, ready, superior_leader, branch_clerk):
    login(en, superior_leader)
    en.post(reverse("congress_ratify", kwargs={"pk": ready.pk}), {"on": "01/07/2022"})
    decision = CongressDocument.objects.get(congress=ready, role=CongressDocumentRole.RATIFICATION).document
    login(en, branch_clerk)
    page = en.get(reverse("congress_detail", kwargs={"pk": ready.pk})).content.decode()
    assert reverse("document_detail", kwargs={"pk": decision.pk}) in page
    assert en.get(reverse("document_detail", kwargs={"pk": decision.pk})).status_code == 200


def test_a_refused_ratification_is_shown_on_the_form(en, ready, superior_leader):
    login(en, superior_leader)
    response = en.post(reverse("congress_ratify", kwargs={"pk": ready.pk}), {"on": "23/06/2022"})
    assert response.status_code == 200
    assert "before the results were received (24/06/2022)" in response.content.decode()
    ready.refresh_from_db()
    assert ready.state == CongressState.RESULTS_REPORTED


def test_ratifying_a_planned_congress_is_refused_politely(en, congress_a, superior_leader):
    login(en, superior_leader)
    response = en.post(reverse("congress_ratify", kwargs={"pk": congress_a.pk}), {"on": "01/07/2022"}, follow=True)
    assert "Only reported results can be ratified." in _messages(response)


@pytest.mark.parametrize("user", ["superior_clerk", "branch_clerk", "superior_viewer"])
def test_only_the_superior_leader_ratifies(client, request, ready, user):
    login(client, request.getfixturevalue(user))
    assert client.post(reverse("congress_ratify", kwargs={"pk": ready.pk}), {"on": "01/07/2022"}).status_code == 403
    ready.refresh_from_db()
    assert ready.state == CongressState.RESULTS_REPORTED


def test_annulment_asks_for_the_reason(en, ready, superior_leader):
    login(en, superior_leader)
    url = reverse("congress_annul", kwargs={"pk": ready.pk})
    response = en.post(url, {"reason": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    ready.refresh_from_db()
    assert ready.state == CongressState.RESULTS_REPORTED
    response = en.post(url, {"reason": "Vi phạm quy chế bầu cử."}, follow=True)
    assert "The congress is annulled." in _messages(response)
    ready.refresh_from_db()
    assert ready.state == CongressState.ANNULLED and ready.annulment_reason == "Vi phạm quy chế bầu cử."


def test_annulling_ratified_results_says_the_decision_stays(en, ready, superior_leader, branch_a):
    login(en, superior_leader)
    en.post(reverse("congress_ratify", kwargs={"pk": ready.pk}), {"on": "01/07/2022"})
    page = en.get(reverse("congress_annul", kwargs={"pk": ready.pk})).content.decode()
    assert "The ratification decision 01-QĐ/ĐU stays in the register" in page
    response = en.post(reverse("congress_annul", kwargs={"pk": ready.pk}), {"reason": "Có sai phạm."}, follow=True)
    assert any("01-QĐ/ĐU stays in the register" in m for m in _messages(response))
    assert not CommitteeSeat.objects.filter(organization=branch_a).exists()
    assert "superseded by the annulment" in response.content.decode()


# --- The panel on the congress page --------------------------------------------------------------


def test_the_panel_shows_overdue_deadlines_in_red(en, congress_a, superior_leader):
    Holiday.objects.create(date=datetime.date(2022, 6, 22), name="Ngày nghỉ")
    put_in_state(congress_a, CongressState.RESULTS_REPORTED, held_on=HELD_ON,
                 results_received_on=datetime.date(2022, 7, 1))
    login(en, superior_leader)
    page = en.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    panel = page[page.index('data-testid="results-panel"'):]
    assert "Results reported by 29/06/2022" in panel
    assert "2 working days late" in panel and "text-danger" in panel
    assert 'data-testid="ratify-link"' in panel and 'data-testid="annul-link"' in panel


def test_the_panel_waits_for_the_congress(client, congress_a, branch_clerk):
    login(client, branch_clerk)
    page = client.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert 'data-testid="results-panel"' not in page


def test_the_panel_offers_each_role_its_actions(client, ready, branch_clerk, superior_clerk):
    put_in_state(ready, CongressState.HELD)
    login(client, branch_clerk)
    page = client.get(reverse("congress_detail", kwargs={"pk": ready.pk})).content.decode()
    assert 'data-testid="results-panel"' in page and 'data-testid="ratify-link"' not in page
    assert "Nguyễn Văn An" in page
    login(client, superior_clerk)
    Complaint.objects.create(congress=ready, received_on=HELD_ON, summary="Đơn", recorded_by=superior_clerk)
    page = client.get(reverse("congress_detail", kwargs={"pk": ready.pk})).content.decode()
    assert 'data-testid="results-complaints"' in page and 'class="text-danger" data-testid="results-complaints"' in page
