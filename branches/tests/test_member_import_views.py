"""Upload, follow, preview, confirm; the export and the template (branches/views/imports.py).

Tasks run in-process here: the check runs when the upload's transaction commits, the saving
when the confirmation's does (django_capture_on_commit_callbacks runs them as a real commit
would), so each step's page shows what the worker made of it."""

import datetime as dt
import html
import re

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from branches.imports import XLSX_CONTENT_TYPE
from branches.models import ImportState, Member, MemberImportJob
from branches.tests.factories import MemberFactory, RoleFactory, UserFactory
from branches.tests.xlsx import HEADERS, read, row, workbook


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


class Flow:
    """Upload and confirm as a person does; the tasks a request enqueues run at its commit, as
    in-process Celery does outside tests (django_capture_on_commit_callbacks runs them)."""

    def __init__(self, commits):
        self.commits = commits

    def post(self, client, organization, data: bytes, name: str = "danh-sach.xlsx"):
        """Upload; once the check has run, the job's page (or the form's page when it refused)."""
        with self.commits(execute=True):
            response = client.post(reverse("member_import", kwargs={"pk": organization.pk}), {"file": _upload(data, name)})
        if response.status_code != 302:
            return response
        assert re.fullmatch(r"/imports/\d+/", response.url)
        return client.get(response.url)

    def confirm(self, client, job):
        with self.commits(execute=True):
            return client.post(reverse("member_import_job_confirm", kwargs={"pk": job.pk}))


@pytest.fixture
def flow(django_capture_on_commit_callbacks):
    return Flow(django_capture_on_commit_callbacks)


def _upload(data: bytes, name: str = "danh-sach.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def _job() -> MemberImportJob:
    return MemberImportJob.objects.latest("pk")


def _pending_files(media) -> list:
    folder = media / "imports"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _snapshot():
    return list(Member.objects.order_by("pk").values_list()), LogEntry.objects.count()


def test_the_upload_form_is_for_clerks(clerk_client, superior):
    response = clerk_client.get(reverse("member_import", kwargs={"pk": superior.pk}))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_a_viewer_may_not_import(en, flow, superior, superior_viewer, superior_clerk):
    en.force_login(superior_clerk)
    flow.post(en, superior, workbook([row()]))
    job = _job()
    en.force_login(superior_viewer)
    before = _snapshot()
    assert en.get(reverse("member_import", kwargs={"pk": superior.pk})).status_code == 403
    assert flow.post(en, superior, workbook([row()])).status_code == 403
    assert en.get(reverse("member_import_job", kwargs={"pk": job.pk})).status_code == 403
    assert flow.confirm(en, job).status_code == 403
    assert _snapshot() == before
    assert MemberImportJob.objects.get().state == ImportState.CHECKED


def test_an_outsider_gets_404(en, flow, superior, outsider, superior_clerk):
    en.force_login(superior_clerk)
    flow.post(en, superior, workbook([row()]))
    job = _job()
    en.force_login(outsider)
    assert en.get(reverse("member_import", kwargs={"pk": superior.pk})).status_code == 404
    assert flow.post(en, superior, workbook([row()])).status_code == 404
    assert en.get(reverse("member_import_job", kwargs={"pk": job.pk})).status_code == 404
    assert flow.confirm(en, job).status_code == 404
    assert en.get(reverse("member_export", kwargs={"pk": superior.pk})).status_code == 404
    assert en.get(reverse("member_import_template", kwargs={"pk": superior.pk})).status_code == 404
    assert not Member.objects.exists()
    assert MemberImportJob.objects.count() == 1


def test_a_branch_clerk_does_not_see_an_import_into_the_superior(en, flow, superior, branch_clerk, superior_clerk):
    en.force_login(superior_clerk)
    flow.post(en, superior, workbook([row()]))
    en.force_login(branch_clerk)
    assert en.get(reverse("member_import_job", kwargs={"pk": _job().pk})).status_code == 404
    assert flow.confirm(en, _job()).status_code == 404
    assert not Member.objects.exists()


def test_a_missing_job_is_404(clerk_client):
    assert clerk_client.get(reverse("member_import_job", kwargs={"pk": 999})).status_code == 404


def test_a_valid_file_is_previewed_then_imported_on_confirmation(clerk_client, flow, superior, branch_a, superior_clerk, media):
    data = workbook([row(), row(full_name="Hà Văn Nam", gender="Nam", organization=branch_a.name, party_card_number="0123")])
    response = flow.post(clerk_client, superior, data, name="chi-bo.xlsx")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 new, 0 updated, 0 unchanged." in page
    assert "File chi-bo.xlsx, uploaded by" in page
    assert 'data-testid="import-confirm"' in page
    assert "hx-trigger" not in page  # checked: nothing to follow
    assert not Member.objects.exists()  # nothing saved before the confirmation
    assert len(_pending_files(media)) == 1
    job = _job()
    assert (job.state, job.uploaded_by, job.organization, job.rows_done, job.rows_total) == (
        ImportState.CHECKED, superior_clerk, superior, 2, 2)

    response = flow.confirm(clerk_client, job)
    assert response.status_code == 302
    assert response.url == reverse("member_import_job", kwargs={"pk": job.pk})
    assert set(Member.objects.values_list("full_name", "organization_id", "party_card_number")) == {
        ("Lê Thị Hoa", superior.pk, ""), ("Hà Văn Nam", branch_a.pk, "0123"),
    }
    assert LogEntry.objects.filter(additional_data__action="branches.member.imported", actor=superior_clerk).count() == 2
    assert _pending_files(media) == []
    job.refresh_from_db()
    assert (job.state, job.confirmed_by, job.result["applied"]) == (
        ImportState.APPLIED, superior_clerk, {"new": 2, "updated": 0, "unchanged": 0})
    page = clerk_client.get(response.url).content.decode()
    assert "The members were imported: 2 new, 0 updated, 0 unchanged." in page
    assert reverse("member_list", kwargs={"pk": superior.pk}) in page
    # A second confirmation (a double click, another tab) does nothing twice.
    before = _snapshot()
    response = flow.confirm(clerk_client, job)
    assert response.status_code == 302
    assert "This import is no longer waiting for confirmation." in clerk_client.get(response.url).content.decode()
    assert _snapshot() == before


def test_another_clerk_of_the_organisation_follows_and_may_confirm(en, flow, superior, superior_clerk):
    """The job is the office's, not one person's: any clerk who may import there sees it."""
    en.force_login(superior_clerk)
    flow.post(en, superior, workbook([row()]))
    other = UserFactory(username="other_clerk")
    RoleFactory(user=other, organization=superior, kind="clerk")
    colleague = Client()
    colleague.force_login(other)
    assert colleague.get(reverse("member_import_job", kwargs={"pk": _job().pk})).status_code == 200
    flow.confirm(colleague, _job())
    assert Member.objects.count() == 1
    assert LogEntry.objects.filter(additional_data__action="branches.member.imported", actor=other).count() == 1


def test_the_page_follows_the_worker_with_a_progress_bar(clerk_client, superior, media):
    """Without a worker yet (the commit's task not run), the page waits and polls itself."""
    response = clerk_client.post(reverse("member_import", kwargs={"pk": superior.pk}), {"file": _upload(workbook([row()]))})
    job = _job()
    assert job.state == ImportState.QUEUED
    url = reverse("member_import_job", kwargs={"pk": job.pk})
    assert response.url == url
    page = clerk_client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 1s"' in page
    assert "Waiting for the server to read the file" in page and "<progress" in page
    MemberImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING, rows_done=250, rows_total=1000)
    panel = clerk_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert panel.lstrip().startswith("<div") and "<html" not in panel  # the panel alone
    assert "Reading the file: row 250 of 1000" in panel
    assert 'max="100" value="25"' in panel and 'hx-trigger="every 1s"' in panel
    MemberImportJob.objects.filter(pk=job.pk).update(state=ImportState.APPLYING)
    panel = clerk_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Saving the members" in panel and 'hx-trigger="every 1s"' in panel


def test_the_upload_page_lists_the_recent_imports_to_come_back_to(clerk_client, flow, superior, branch_a,
                                                                 django_assert_max_num_queries):
    flow.post(clerk_client, superior, workbook([row()]), name="dot-1.xlsx")
    flow.post(clerk_client, branch_a, workbook([row()]), name="chi-bo-a.xlsx")
    with django_assert_max_num_queries(12):
        page = clerk_client.get(reverse("member_import", kwargs={"pk": superior.pk})).content.decode()
    job = MemberImportJob.objects.get(filename="dot-1.xlsx")
    assert f'<a href="{reverse("member_import_job", kwargs={"pk": job.pk})}">dot-1.xlsx</a>' in page
    assert "Checked, waiting for confirmation" in page
    assert "chi-bo-a.xlsx" not in page  # another organisation's


def test_a_job_whose_worker_died_stops_polling_and_says_so(clerk_client, superior):
    import datetime

    from django.utils import timezone

    clerk_client.post(reverse("member_import", kwargs={"pk": superior.pk}), {"file": _upload(workbook([row()]))})
    MemberImportJob.objects.update(state=ImportState.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=1))
    page = clerk_client.get(reverse("member_import_job", kwargs={"pk": _job().pk})).content.decode()
    assert "The work on this file was interrupted. Upload it again." in page
    assert "hx-trigger" not in page


def test_a_job_confirmed_long_after_its_check_is_waiting_not_interrupted(clerk_client, superior):
    import datetime

    from django.utils import timezone

    clerk_client.post(reverse("member_import", kwargs={"pk": superior.pk}), {"file": _upload(workbook([row()]))})
    MemberImportJob.objects.update(state=ImportState.CONFIRMED, started_at=timezone.now() - datetime.timedelta(hours=1))
    page = clerk_client.get(reverse("member_import_job", kwargs={"pk": _job().pk})).content.decode()
    assert "Saving the members" in page and 'hx-trigger="every 1s"' in page
    assert "interrupted" not in page


def test_the_preview_counts_and_shows_the_changes(clerk_client, flow, superior, branch_a, member_a):
    unchanged = MemberFactory(organization=branch_a, full_name="Trần Văn Bảy", party_card_number="777")
    data = workbook([
        row(full_name=member_a.full_name, gender="Nam", date_of_birth=member_a.date_of_birth,
            joined_on=member_a.joined_on, official_on=member_a.official_on, membership="Dự bị", occupation=""),
        row(full_name=unchanged.full_name, gender="Nam", date_of_birth=unchanged.date_of_birth,
            joined_on=unchanged.joined_on, official_on=unchanged.official_on, occupation="", party_card_number="777"),
        row(),
    ])
    before = _snapshot()
    page = flow.post(clerk_client, superior, data).content.decode()
    assert "1 new, 1 updated, 1 unchanged." in page
    assert re.search(r"Official or probationary:</span> <del>Official</del> → Probationary", page)
    assert "<td>12/04/1985</td><td>Official</td>" in page
    assert _snapshot() == before


def test_a_file_that_changes_nothing_keeps_no_upload(clerk_client, flow, superior, member_a, media):
    data = workbook([row(full_name=member_a.full_name, gender="Nam", date_of_birth=member_a.date_of_birth,
                         joined_on=member_a.joined_on, official_on=member_a.official_on, occupation="")])
    page = flow.post(clerk_client, superior, data).content.decode()
    assert "0 new, 0 updated, 1 unchanged." in page
    assert "The file changes nothing." in page
    assert 'data-testid="import-confirm"' not in page
    assert _pending_files(media) == []
    before = _snapshot()
    flow.confirm(clerk_client, _job())
    assert _snapshot() == before and _job().state == ImportState.CHECKED


BROKEN = {
    "wrong columns": (workbook([row()], headers=[*HEADERS, "Quê quán"]), [("1", "Unknown columns: Quê quán.")]),
    "missing columns": (workbook([row()], headers=HEADERS[:3]), [("1", "Missing required columns: Ngày sinh, Ngày vào Đảng, Chính thức/Dự bị.")]),
    "bad dates": (
        workbook([row(), row(full_name="Hà Văn Nam", joined_on="20/05/1995"), row(full_name="Mai Văn Ba", official_on="31/13/2011")]),
        [("3", "is less than 16 years after the date of birth"), ("4", "Ngày chính thức: “31/13/2011” is not a date")],
    ),
    "duplicate rows": (workbook([row(), row(full_name="LE THI HOA")]), [("3", "Same full name and date of birth as row 2.")]),
    "unknown organisation": (workbook([row(organization="Chi bộ Ma")]), [("2", "“Chi bộ Ma” is not Đảng bộ phường Kỳ Trinh")]),
    "unknown gender and status": (
        workbook([row(gender="F", membership="Active", situation="Retired")]),
        [("2", "Giới tính: “F”"), ("2", "Chính thức/Dự bị: “Active”"), ("2", "Tình trạng: “Retired”")],
    ),
    "no data rows": (workbook([]), [("—", "The file has no member rows under the header.")]),
    "empty workbook": (workbook([], headers=[]), [("—", "The file is empty.")]),
    "not excel": (b"just some text\n", [("—", "This file is not an Excel workbook (.xlsx).")]),
    "csv renamed": ("Họ và tên,Giới tính\nLê Thị Hoa,Nữ\n".encode(), [("—", "This file is not an Excel workbook (.xlsx).")]),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_reports_its_rows_and_saves_nothing(clerk_client, flow, superior, branch_a, member_a, media, case, settings):
    settings.LANGUAGE_CODE = "en"  # the worker writes the problems in the site's language
    data, expected = BROKEN[case]
    before = _snapshot()
    response = flow.post(clerk_client, superior, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    rows = re.findall(r'<tr><td class="text-nowrap">([^<]+)</td><td>([^<]+)</td></tr>', page)
    for number, fragment in expected:
        assert any(n == number and fragment in _unescape(m) for n, m in rows), (case, rows)
    assert 'data-testid="import-confirm"' not in page
    assert _snapshot() == before
    assert _pending_files(media) == []
    assert _job().state == ImportState.FAILED


def test_problems_are_written_in_the_site_language(clerk_client, flow, superior):
    """The worker stores them for whoever reads them later: in Vietnamese, the site's language."""
    page = html.unescape(flow.post(clerk_client, superior, b"just some text\n").content.decode())
    assert "Tệp này không phải tệp Excel (.xlsx)." in page
    assert _job().result["errors"][0]["message"].startswith("Tệp này không phải tệp Excel (.xlsx).")


def test_a_file_beyond_the_limits_is_refused_by_the_worker(clerk_client, flow, superior, settings):
    from branches.tests.xlsx_crafted import crafted

    settings.LANGUAGE_CODE = "en"
    data = crafted([HEADERS, ["1", "Lê Thị Hoa", "Nữ", "12/04/1985", "Kinh", "20/05/2010", "", "Chính thức"]],
                   blank_rows=10_000_000)
    page = html.unescape(flow.post(clerk_client, superior, data).content.decode())
    assert "The workbook unpacks to 57 MB, more than the 50 MB accepted." in page
    assert _job().state == ImportState.FAILED and not Member.objects.exists()


def _unescape(text: str) -> str:
    return html.unescape(text)


def test_a_card_number_of_a_member_outside_the_organisation_is_refused(en, flow, branch_a, branch_clerk, member_b, settings):
    settings.LANGUAGE_CODE = "en"
    Member.objects.filter(pk=member_b.pk).update(party_card_number="999")
    en.force_login(branch_clerk)
    before = _snapshot()
    page = flow.post(en, branch_a, workbook([row(party_card_number="999")])).content.decode()
    assert "The Party card number 999 belongs to a member outside Chi bộ TDP Hoàng Trinh." in page
    assert _snapshot() == before


def test_an_empty_upload_and_a_too_large_one_are_refused_by_the_form(clerk_client, flow, superior, media):
    page = clerk_client.post(reverse("member_import", kwargs={"pk": superior.pk}), {"file": _upload(b"")}).content.decode()
    assert "The submitted file is empty." in page
    too_large = b"PK\x03\x04" + b"0" * (5 * 1024 * 1024)
    page = flow.post(clerk_client, superior, too_large).content.decode()
    assert "The file is too large (5.0 MB). Files up to 5 MB are accepted." in page
    assert not Member.objects.exists()
    assert not MemberImportJob.objects.exists()
    assert _pending_files(media) == []


def test_confirming_checks_the_file_again(en, flow, branch_a, branch_clerk, member_b, media, settings):
    settings.LANGUAGE_CODE = "en"
    en.force_login(branch_clerk)
    flow.post(en, branch_a, workbook([row(party_card_number="555")]))
    Member.objects.filter(pk=member_b.pk).update(party_card_number="555")  # meanwhile, in branch B
    before = _snapshot()
    response = flow.confirm(en, _job())
    assert response.status_code == 302
    page = en.get(response.url).content.decode()
    assert 'data-testid="import-errors"' in page
    assert "The Party card number 555 belongs to a member outside Chi bộ TDP Hoàng Trinh." in page
    assert _snapshot() == before
    assert _pending_files(media) == []
    assert _job().state == ImportState.FAILED


def test_the_template_downloads_and_reads_back(en, superior, superior_viewer):
    en.force_login(superior_viewer)
    response = en.get(reverse("member_import_template", kwargs={"pk": superior.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert read(response.content)[0] == tuple(HEADERS)


def test_the_template_imports_as_one_new_member(clerk_client, flow, superior):
    data = clerk_client.get(reverse("member_import_template", kwargs={"pk": superior.pk})).content
    assert "1 new, 0 updated, 0 unchanged." in flow.post(clerk_client, superior, data).content.decode()


def test_the_export_follows_the_list_filters(en, superior, branch_a, superior_viewer, django_assert_max_num_queries):
    MemberFactory(organization=branch_a, full_name="Nguyễn Thị Lan", gender="female", status="probationary", official_on=None)
    MemberFactory(organization=branch_a, full_name="Phạm Văn Hùng")
    MemberFactory(organization=superior, full_name="Đỗ Văn Chín")
    en.force_login(superior_viewer)
    url = reverse("member_export", kwargs={"pk": superior.pk})
    with django_assert_max_num_queries(6):
        response = en.get(url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    names = [r[1] for r in read(response.content)[1:]]
    assert names == ["Đỗ Văn Chín", "Phạm Văn Hùng", "Nguyễn Thị Lan"]  # by given name
    filtered = read(en.get(url, {"membership": "probationary"}).content)
    assert [(r[1], r[7], r[8], r[11]) for r in filtered[1:]] == [("Nguyễn Thị Lan", "Dự bị", None, branch_a.name)]
    only_here = read(en.get(url, {"subtree": "off"}).content)
    assert [r[1] for r in only_here[1:]] == ["Đỗ Văn Chín"]
    by_name = read(en.get(url, {"q": "hung", "sort": "-name"}).content)
    assert [r[1] for r in by_name[1:]] == ["Phạm Văn Hùng"]


def test_export_then_import_changes_nothing(clerk_client, flow, superior, branch_a, branch_b):
    MemberFactory(organization=branch_a, full_name="Nguyễn Thị Lan", gender="female", status="probationary",
                  official_on=None, party_card_number="0042", ethnicity="Tày", notes="dòng 1\ndòng 2")
    MemberFactory(organization=branch_b, full_name="Phạm Văn Hùng", occupation="Bác sĩ", membership="probationary",
                  situation="transferred_temporarily", official_on=None)
    MemberFactory(organization=superior, full_name="Đỗ Văn Chín", situation="suspended", date_of_birth=dt.date(1960, 2, 29),
                  joined_on=dt.date(1980, 1, 1), official_on=dt.date(1981, 1, 1))
    data = clerk_client.get(reverse("member_export", kwargs={"pk": superior.pk})).content
    before = _snapshot()
    page = flow.post(clerk_client, superior, data).content.decode()
    assert "0 new, 0 updated, 3 unchanged." in page
    assert _snapshot() == before


def test_the_member_list_offers_import_to_clerks_and_export_to_everyone(en, superior, superior_clerk, superior_viewer):
    en.force_login(superior_clerk)
    page = en.get(reverse("member_list", kwargs={"pk": superior.pk}), {"membership": "official"}).content.decode()
    assert 'href="%s"' % reverse("member_import", kwargs={"pk": superior.pk}) in page
    assert reverse("member_export", kwargs={"pk": superior.pk}) + "?membership=official" in page
    en.force_login(superior_viewer)
    page = en.get(reverse("member_list", kwargs={"pk": superior.pk})).content.decode()
    assert 'href="%s"' % reverse("member_import", kwargs={"pk": superior.pk}) not in page
    assert reverse("member_export", kwargs={"pk": superior.pk}) in page
    assert reverse("member_import_template", kwargs={"pk": superior.pk}) in page
