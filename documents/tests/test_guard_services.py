"""The guard at approval and issue, and the date chosen at issue (docs/domain.md §4a)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from documents.models import Document
from documents.render import render_pdf
from documents.rules import Actor, Move
from documents.guard import leftovers
from documents.services.documents import document_create, document_issue, document_move, document_save_body
from documents.tests.factories import FINISHED_BODY, OrganizationFactory, TermFactory
from documents.tests.test_render import make_version, squeeze, text

CLERK, LEADER = {Actor.CLERK}, {Actor.LEADER}
SKELETON = "<p>Đại hội bế mạc vào hồi ... giờ ... phút.</p><p><b>I. Kết quả đạt được</b></p><p></p>"


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched in English, whatever the catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def term(db):
    return TermFactory(start_year=2022, end_year=2025)


def _submitted(issuer, clerk, body, **fields):
    fields.setdefault("signer_name", "Nguyễn Văn An")
    document = document_create(acting_user=clerk, issuer=issuer, doc_type="BC", subject="Báo cáo chính trị", body=body, **fields)
    return document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors=CLERK)


def test_a_skeleton_may_be_submitted_but_not_approved(term, branch_a, branch_clerk, superior_leader):
    document = _submitted(branch_a, branch_clerk, SKELETON)
    assert document.state == "submitted"
    with pytest.raises(ValidationError) as refused:
        document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors=LEADER)
    message = refused.value.messages[0]
    assert message.startswith("Cannot approve yet, still to complete:")
    assert 'chỗ trống "vào hồi ... giờ ... phút"' in message and 'mục "I. Kết quả đạt được" chưa có nội dung' in message
    document.refresh_from_db()
    assert document.state == "submitted" and not document.decisions.exists()


def test_an_empty_document_is_refused_approval(term, branch_a, branch_clerk, superior_leader):
    document = _submitted(branch_a, branch_clerk, "")
    with pytest.raises(ValidationError, match="the document is empty"):
        document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors=LEADER)


def test_the_latest_version_is_the_one_read(term, branch_a, branch_clerk, superior_leader):
    document = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="BC", subject="Báo cáo", body=SKELETON)
    document_save_body(acting_user=branch_clerk, document=document, body=FINISHED_BODY)
    document_move(acting_user=branch_clerk, document=document, move=Move.SUBMIT, actors=CLERK)
    approved = document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors=LEADER)
    assert approved.state == "approved"


def test_a_placeholder_in_the_subject_is_refused(term, branch_a, branch_clerk, superior_leader):
    document = _submitted(branch_a, branch_clerk, FINISHED_BODY, heading="")
    Document.objects.filter(pk=document.pk).update(subject="Báo cáo chính trị nhiệm kỳ ...")
    with pytest.raises(ValidationError, match="ở trích yếu"):
        document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors=LEADER)


def test_issue_is_refused_and_gives_no_number_while_placeholders_remain(term, branch_a, branch_clerk, superior_leader):
    document = _submitted(branch_a, branch_clerk, FINISHED_BODY)
    document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors=LEADER)
    # Approved finished, then its latest version came to hold a blank (written directly: an
    # approved body no longer changes through the services).
    document.versions.update(body="<p>Chi bộ họp lúc ... giờ.</p>")
    with pytest.raises(ValidationError) as refused:
        document_issue(acting_user=branch_clerk, document=document, actors=CLERK)
    assert refused.value.messages[0].startswith("Cannot issue yet, still to complete:")
    document.refresh_from_db()
    assert (document.state, document.number, document.symbol) == ("approved", None, "")


def test_the_issue_takes_the_date_given(term, branch_a, branch_clerk, superior_leader):
    document = _submitted(branch_a, branch_clerk, FINISHED_BODY, document_date=datetime.date(2022, 5, 1))
    document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors=LEADER)
    issued = document_issue(acting_user=branch_clerk, document=document, actors=CLERK, document_date=datetime.date(2022, 5, 15))
    assert issued.document_date == datetime.date(2022, 5, 15)


def _approved(issuer, clerk, leader, **fields):
    document = _submitted(issuer, clerk, FINISHED_BODY, **fields)
    return document_move(acting_user=leader, document=document, move=Move.APPROVE, actors=LEADER)


def test_the_document_page_offers_the_date_prefilled(en, term, branch_a, branch_clerk, superior_leader):
    document = _approved(branch_a, branch_clerk, superior_leader, document_date=datetime.date(2022, 5, 3))
    en.force_login(branch_clerk)
    page = en.get(reverse("document_detail", kwargs={"pk": document.pk})).content.decode()
    form = page[page.index('data-testid="issue-form"'):]
    form = form[:form.index("</form>")]
    assert 'name="document_date"' in form and 'value="03/05/2022"' in form


def test_the_date_chosen_on_the_page_is_the_documents(en, term, branch_a, branch_clerk, superior_leader):
    document = _approved(branch_a, branch_clerk, superior_leader)
    en.force_login(branch_clerk)
    response = en.post(reverse("document_issue", kwargs={"pk": document.pk}), {"document_date": "20/05/2022"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.state, document.document_date) == ("issued", datetime.date(2022, 5, 20))


def test_a_date_before_the_previous_number_is_a_field_error_and_nothing_is_issued(en, term, branch_a, branch_clerk, superior_leader):
    first = _approved(branch_a, branch_clerk, superior_leader)
    document_issue(acting_user=branch_clerk, document=first, actors=CLERK, document_date=datetime.date(2022, 6, 1))
    second = _approved(branch_a, branch_clerk, superior_leader)
    en.force_login(branch_clerk)
    response = en.post(reverse("document_issue", kwargs={"pk": second.pk}), {"document_date": "15/05/2022"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "is-invalid" in page and "cannot be earlier than 01/06/2022" in page and 'value="15/05/2022"' in page
    second.refresh_from_db()
    assert (second.state, second.number) == ("approved", None)
    # The number went back: the next issue takes 02.
    response = en.post(reverse("document_issue", kwargs={"pk": second.pk}), {"document_date": "02/06/2022"})
    second.refresh_from_db()
    assert second.symbol == "02-BC/CB"


def test_a_bad_date_is_a_field_error(en, term, branch_a, branch_clerk, superior_leader):
    document = _approved(branch_a, branch_clerk, superior_leader)
    en.force_login(branch_clerk)
    response = en.post(reverse("document_issue", kwargs={"pk": document.pk}), {"document_date": "31/02/2022"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert Document.objects.get(pk=document.pk).state == "approved"


def test_the_refusal_names_what_is_left_on_the_page(en, term, branch_a, branch_clerk, superior_leader):
    document = _submitted(branch_a, branch_clerk, SKELETON)
    en.force_login(superior_leader)
    response = en.post(reverse("document_approve", kwargs={"pk": document.pk}), follow=True)
    assert "vào hồi ... giờ ... phút" in response.content.decode()
    assert Document.objects.get(pk=document.pk).state == "submitted"



def test_a_blank_to_fill_by_hand_prints_its_dots(db, tmp_path):
    ward = OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    body = (
        '<p>Đại biểu cấp trên dự Đại hội: đồng chí <span class="fill-by-hand">..............................</span>'
        ', chức vụ <span class="fill-by-hand">....................</span>.</p>'
    )
    assert leftovers(body) == []
    pdf = render_pdf(make_version(ward, body=body), issued=False)
    printed = squeeze(text(pdf, tmp_path))
    assert "đồng chí .............................." in printed and "chức vụ ...................." in printed
