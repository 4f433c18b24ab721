"""The register of documents issued (sổ đăng ký văn bản đi): page, filters, Excel export."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from branches.tests.workbooks import HOSTILE, assert_data_only
from branches.text import fold
from documents import register
from documents.models import Document
from documents.rules import Actor, Move
from documents.services.documents import document_create, document_issue, document_move
from documents.tests.factories import FINISHED_BODY, RoleFactory, TermFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_rendering")

CLERK, LEADER = {Actor.CLERK}, {Actor.LEADER}


@pytest.fixture
def term(db):
    return TermFactory(start_year=2022, end_year=2025)


def _issue(issuer, clerk, leader, subject, date, doc_type="KH", term=None, **fields):
    document = document_create(
        acting_user=clerk, issuer=issuer, doc_type=doc_type, subject=subject, document_date=date, body=FINISHED_BODY,
        **({"term": term} if term else {}), **{"signer_name": "Nguyễn Văn An", **fields},
    )
    document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors=CLERK)
    document_move(acting_user=leader, document=document, move=Move.APPROVE, actors=LEADER)
    return document_issue(acting_user=clerk, document=document, actors=CLERK)


@pytest.fixture
def issued(term, branch_a, branch_clerk, superior_leader):
    """Three documents of branch A, issued in date order, and a draft."""
    d = datetime.date
    plan = _issue(branch_a, branch_clerk, superior_leader, "Kế hoạch tổ chức Đại hội chi bộ", d(2022, 4, 28),
                  signer_name="Nguyễn Văn An", recipients="- Đảng ủy phường,\n- Đảng viên chi bộ,\n- Lưu VP.")
    notice = _issue(branch_a, branch_clerk, superior_leader, "Thông báo lịch sinh hoạt", d(2022, 5, 3), doc_type="TB")
    plan2 = _issue(branch_a, branch_clerk, superior_leader, "Kế hoạch học tập nghị quyết", d(2023, 1, 9))
    document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết chưa ban hành")
    return plan, notice, plan2


def _url(name, organization, **params):
    from urllib.parse import urlencode

    return reverse(name, kwargs={"pk": organization.pk}) + ("?" + urlencode(params) if params else "")


def _symbols(response):
    return [d.symbol for _, d, _ in response.context["rows"]]


def test_the_register_lists_issued_documents_by_date_then_number(en, branch_clerk, branch_a, issued):
    en.force_login(branch_clerk)
    response = en.get(_url("document_register", branch_a))
    assert response.status_code == 200
    assert _symbols(response) == ["01-KH/CB", "01-TB/CB", "02-KH/CB"]
    html = response.content.decode()
    assert "Nghị quyết chưa ban hành" not in html
    assert "28/04/2022" in html and "BÍ THƯ Nguyễn Văn An" in html
    assert "Đảng ủy phường; Đảng viên chi bộ" in html and "Lưu VP" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"doc_type": "KH"}, ["01-KH/CB", "02-KH/CB"]),
        ({"year": "2023"}, ["02-KH/CB"]),
        ({"date_from": "01/05/2022", "date_to": "31/12/2022"}, ["01-TB/CB"]),
        ({"q": "KE HOACH dai hoi"}, ["01-KH/CB"]),
        ({"q": "nghị quyết"}, ["02-KH/CB"]),
        ({"q": "không có"}, []),
        ({"q": "ke hoach dai"}, ["01-KH/CB"]),
        ({"year": "not a year"}, ["01-KH/CB", "01-TB/CB", "02-KH/CB"]),  # an invalid filter is ignored
    ],
)
def test_filters(en, branch_clerk, branch_a, issued, params, expected):
    en.force_login(branch_clerk)
    assert _symbols(en.get(_url("document_register", branch_a, **params))) == expected


def test_the_term_filter(en, branch_clerk, branch_a, superior_leader, issued):
    later = TermFactory(start_year=2025, end_year=2030)
    _issue(branch_a, branch_clerk, superior_leader, "Kế hoạch nhiệm kỳ mới", datetime.date(2025, 10, 1), term=later)
    en.force_login(branch_clerk)
    assert _symbols(en.get(_url("document_register", branch_a, term=later.pk))) == ["01-KH/CB"]
    assert len(_symbols(en.get(_url("document_register", branch_a)))) == 4


def test_the_subtree_adds_the_branches(en, superior_clerk, superior, branch_a, issued):
    en.force_login(superior_clerk)
    assert _symbols(en.get(_url("document_register", superior))) == []
    response = en.get(_url("document_register", superior, subtree="on"))
    assert _symbols(response) == ["01-KH/CB", "01-TB/CB", "02-KH/CB"]
    assert branch_a.name in response.content.decode()


def test_a_sibling_does_not_see_the_register(client, outsider, branch_a, issued):
    client.force_login(outsider)
    assert client.get(_url("document_register", branch_a)).status_code == 404
    assert client.get(_url("document_register_export", branch_a)).status_code == 404


def _bulk_issued(issuer, term, creator, count):
    """`count` issued documents written directly (the services are tested above)."""
    documents = [
        Document(
            issuer=issuer, term=term, doc_type="TB", subject=f"Thông báo số {i}", subject_search=fold(f"Thông báo số {i}"),
            place="Kỳ Trinh", document_date=datetime.date(2022, 1, 1) + datetime.timedelta(days=i), state="issued",
            number=i, symbol=f"{i:02d}-TB/CB", sequence_key="bulk", created_by=creator, recipients="- Lưu VP.",
        )
        for i in range(1, count + 1)
    ]
    Document.objects.bulk_create(documents)


@pytest.mark.parametrize("count", [5, 60])
def test_the_page_answers_in_a_bounded_number_of_queries(en, branch_clerk, superior, branch_a, term, count, django_assert_max_num_queries):
    _bulk_issued(branch_a, term, branch_clerk, count)
    en.force_login(branch_clerk)
    with django_assert_max_num_queries(8):
        response = en.get(_url("document_register", branch_a, subtree="on"))
    assert len(response.context["rows"]) == min(count, 50)


def test_pages_of_fifty(en, branch_clerk, branch_a, term):
    _bulk_issued(branch_a, term, branch_clerk, 60)
    en.force_login(branch_clerk)
    second = en.get(_url("document_register", branch_a, doc_type="TB", page=2))
    assert [i for i, _, _ in second.context["rows"]] == list(range(51, 61))
    assert _symbols(second)[0] == "51-TB/CB"
    assert "?doc_type=TB&page=1" in second.content.decode()


def test_the_export_has_the_title_the_filters_the_header_and_the_same_rows(en, branch_clerk, branch_a, issued):
    en.force_login(branch_clerk)
    response = en.get(_url("document_register_export", branch_a, doc_type="KH"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "so-van-ban-di-chi-bo-tdp-hoang-trinh" in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == f"Register of documents issued: {branch_a.name}"
    assert rows[1][0] == "This organisation only; Type: Plan"
    assert rows[2] == ("Row", "Number and symbol", "Date", "Type", "Subject", "Signer", "Recipients", "Issuing organisation")
    assert [(r[0], r[1], r[2].date(), r[3], r[4]) for r in rows[3:]] == [
        (1, "01-KH/CB", datetime.date(2022, 4, 28), "Plan", "Kế hoạch tổ chức Đại hội chi bộ"),
        (2, "02-KH/CB", datetime.date(2023, 1, 9), "Plan", "Kế hoạch học tập nghị quyết"),
    ]
    assert rows[3][5:] == ("BÍ THƯ Nguyễn Văn An", "Đảng ủy phường; Đảng viên chi bộ", branch_a.name)


def test_the_export_answers_in_a_bounded_number_of_queries(en, branch_clerk, branch_a, term, django_assert_max_num_queries):
    _bulk_issued(branch_a, term, branch_clerk, 60)
    en.force_login(branch_clerk)
    with django_assert_max_num_queries(10):
        response = en.get(_url("document_register_export", branch_a))
    assert len(list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows())) == 63


def test_the_document_list_links_the_register(en, superior_viewer, branch_a):
    en.force_login(superior_viewer)
    html = en.get(reverse("document_list", kwargs={"pk": branch_a.pk})).content.decode()
    assert reverse("document_register", kwargs={"pk": branch_a.pk}) in html


@pytest.mark.parametrize(
    ("recipients", "short"),
    [
        ("- Đảng ủy phường,\n- Các chi bộ trực thuộc,\n- Lưu VP.", "Đảng ủy phường; Các chi bộ trực thuộc"),
        ("", ""),
        ("- Lưu Văn phòng Đảng ủy.", ""),
        ("Ban Tổ chức Thị ủy", "Ban Tổ chức Thị ủy"),
    ],
)
def test_recipients_short(recipients, short):
    assert register.recipients_short(recipients) == short


def test_long_recipients_are_cut():
    assert register.recipients_short("- " + "x" * 300, limit=20) == "x" * 19 + "…"


def test_another_clerk_of_the_tree_reads_the_register(en, branch_b, branch_a, issued):
    viewer = UserFactory()
    RoleFactory(user=viewer, organization=branch_a, kind="viewer")
    en.force_login(viewer)
    assert en.get(_url("document_register", branch_a)).status_code == 200


def test_the_export_writes_subjects_and_names_that_look_like_formulas_as_text(en, branch_clerk, branch_a, term):
    """Issue 15, item 1: a subject or an organisation's name typed as a formula stays text."""
    branch_a.name = HOSTILE[0]
    branch_a.save(update_fields=["name"])
    _bulk_issued(branch_a, term, branch_clerk, len(HOSTILE))
    for number, text in enumerate(HOSTILE, 1):
        Document.objects.filter(issuer=branch_a, number=number).update(subject=text)
    en.force_login(branch_clerk)
    response = en.get(_url("document_register_export", branch_a))
    assert response.status_code == 200
    assert_data_only(response.content)


def test_the_export_of_a_subject_pasted_from_word_with_a_vertical_tab(en, branch_clerk, branch_a, term):
    """Word's line break (a vertical tab) cannot be stored in a workbook: it becomes a line
    break instead of failing the export with a 500."""
    _bulk_issued(branch_a, term, branch_clerk, 1)
    Document.objects.filter(issuer=branch_a).update(subject="Kế hoạch\x0bđại hội")
    en.force_login(branch_clerk)
    response = en.get(_url("document_register_export", branch_a))
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[3][4] == "Kế hoạch\nđại hội"
