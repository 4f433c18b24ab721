"""Demo documents for Đảng bộ phường Kỳ Trinh (after branches' seed_demo), entered through the
services with the demo users: two templates, two issued documents, a branch's draft open for
comments with a comment.

Runs once: each piece is looked up first, so a second run changes nothing. Without the demo
tree (seed_demo not run) it says so and does nothing.
"""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from branches.management.commands.seed_demo import DEMO_PASSWORD
from branches.management.demo import DemoCommand
from branches.models import Organization, Role, RoleKind, Term

from ...models import Document, DocumentTemplate
from ...rules import Actor, Move
from ...services.comments import comment_add
from ...services.documents import document_create, document_issue, document_move
from ...services.templates import template_save

logger = logging.getLogger(__name__)

COMMITTEE = "Đảng bộ phường Kỳ Trinh"
PARENT = "Đảng bộ thị xã Kỳ Anh"
BRANCH = "Chi bộ TDP Hoàng Trinh"
PARENT_LEADER = ("lanhdaothixa", "Võ Văn Hải")  # approves what Kỳ Trinh itself issues

RESOLUTION_TEMPLATE = {
    "name": "Nghị quyết Đại hội chi bộ",
    "doc_type": "NQ",
    "subject": "Đại hội {{ organization }} nhiệm kỳ {{ term }}",
    "is_published": True,
    "body": (
        "<p>Đại hội {{ organization }} nhiệm kỳ {{ term }} họp tại {{ place }}, với ... đảng viên "
        "chính thức được triệu tập, ... đảng viên có mặt.</p>"
        "<p><b>QUYẾT NGHỊ</b></p>"
        "<p>1. Tán thành đánh giá kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ trước và phương hướng, "
        "mục tiêu, nhiệm vụ nhiệm kỳ {{ term }} nêu trong Báo cáo chính trị của chi ủy trình Đại hội.</p>"
        "<p>2. Thông qua Báo cáo kiểm điểm sự lãnh đạo, chỉ đạo của chi ủy nhiệm kỳ qua.</p>"
        "<p>3. Thông qua kết quả bầu cử chi ủy, bí thư, phó bí thư chi bộ nhiệm kỳ {{ term }}; "
        "đề nghị {{ superior }} chuẩn y.</p>"
        "<p>4. Giao chi ủy nhiệm kỳ {{ term }} xây dựng chương trình hành động thực hiện Nghị quyết.</p>"
    ),
}
REPORT_TEMPLATE = {
    "name": "Báo cáo chính trị",
    "doc_type": "BC",
    "subject": "Báo cáo chính trị trình Đại hội {{ organization }} nhiệm kỳ {{ term }}",
    "is_published": False,
    "body": (
        "<p><b>Phần thứ nhất: Kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ trước</b></p>"
        "<p>I. Những kết quả đạt được ...</p><p>II. Hạn chế, khuyết điểm và nguyên nhân ...</p>"
        "<p><b>Phần thứ hai: Phương hướng, mục tiêu, nhiệm vụ nhiệm kỳ {{ term }}</b></p>"
        "<p>I. Mục tiêu tổng quát ...</p><p>II. Các chỉ tiêu chủ yếu ...</p><p>III. Nhiệm vụ và giải pháp ...</p>"
    ),
}

SIGNER = {"signing_mode": "T/M", "signing_body": "ĐẢNG ỦY", "signer_position": "BÍ THƯ", "signer_name": "Nguyễn Văn Trung"}
PLAN = {
    "doc_type": "KH",
    "subject": "Tổ chức đại hội chi bộ trực thuộc nhiệm kỳ 2022–2025",
    "document_date": datetime.date(2022, 4, 28),
    "recipients": "- Ban Thường vụ Thị ủy (b/c),\n- Các đồng chí Đảng ủy viên,\n- Các chi bộ trực thuộc,\n- Lưu VP.",
    "body": (
        "<p>Thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp "
        "và hướng dẫn của Ban Thường vụ Thị ủy, Đảng ủy phường xây dựng kế hoạch tổ chức đại hội "
        "các chi bộ trực thuộc nhiệm kỳ 2022–2025 như sau:</p>"
        "<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>"
        "<p>1. Đại hội chi bộ là sinh hoạt chính trị quan trọng, đánh giá kết quả thực hiện nghị quyết "
        "nhiệm kỳ 2019–2022, xác định phương hướng, mục tiêu, nhiệm vụ nhiệm kỳ 2022–2025.</p>"
        "<p>2. Bầu chi ủy, bí thư, phó bí thư đủ phẩm chất, năng lực, uy tín; bảo đảm nguyên tắc "
        "tập trung dân chủ.</p>"
        "<p><b>II. THỜI GIAN, HÌNH THỨC</b></p>"
        "<p>Đại hội các chi bộ hoàn thành trước ngày 31/5/2022; chọn một chi bộ tổ chức đại hội điểm "
        "trong tháng 5/2022, rút kinh nghiệm trước khi triển khai đại trà.</p>"
        "<p><b>III. TỔ CHỨC THỰC HIỆN</b></p>"
        "<p>1. Các chi ủy chuẩn bị văn kiện, phương án nhân sự, báo cáo Đảng ủy trước đại hội ít nhất "
        "10 ngày làm việc.</p><p>2. Văn phòng Đảng ủy theo dõi, tổng hợp, báo cáo Ban Thường vụ Thị ủy.</p>"
    ),
}
NOTICE = {
    "doc_type": "TB",
    "subject": "Kết luận của Ban Thường vụ Đảng ủy về chuẩn bị đại hội điểm Chi bộ TDP Hoàng Trinh",
    "document_date": datetime.date(2022, 5, 5),
    "recipients": "- Chi ủy Chi bộ TDP Hoàng Trinh,\n- Các chi bộ trực thuộc,\n- Lưu VP.",
    "body": (
        "<p>Ngày 04/5/2022, Ban Thường vụ Đảng ủy phường họp nghe Chi ủy Chi bộ TDP Hoàng Trinh báo cáo "
        "công tác chuẩn bị đại hội điểm nhiệm kỳ 2022–2025. Ban Thường vụ kết luận:</p>"
        "<p>1. Thống nhất tổ chức đại hội điểm vào ngày 15/5/2022 tại Nhà văn hóa tổ dân phố.</p>"
        "<p>2. Chi ủy hoàn chỉnh dự thảo Báo cáo chính trị, gửi Đảng ủy trước ngày 10/5/2022.</p>"
    ),
}
COMMENT = "Đề nghị bổ sung số liệu kết nạp đảng viên mới của nhiệm kỳ vào mục 1."


class Command(DemoCommand):
    help = "Load demo templates and documents for Đảng bộ phường Kỳ Trinh (once; after seed_demo)."

    def handle(self, *args, **options):
        User = get_user_model()
        committee = Organization.objects.filter(name=COMMITTEE).first()
        parent = Organization.objects.filter(name=PARENT).first()
        branch = Organization.objects.filter(name=BRANCH).first()
        users = {u.username: u for u in User.objects.filter(username__in=["vanphong", "lanhdao", "chibo"])}
        if not (committee and parent and branch) or len(users) < 3:
            self.stdout.write("No demo tree (run seed_demo first): no demo documents loaded.")
            return
        clerk, leader, branch_clerk = users["vanphong"], users["lanhdao"], users["chibo"]
        parent_leader = self._parent_leader(User, parent)
        committee_term, _ = Term.objects.get_or_create(start_year=2020, end_year=2025)
        congress_term, _ = Term.objects.get_or_create(start_year=2022, end_year=2025)

        created = []
        resolution = self._template(clerk, committee, RESOLUTION_TEMPLATE, created)
        self._template(clerk, committee, REPORT_TEMPLATE, created)
        for facts in (PLAN, NOTICE):
            self._issued(clerk, parent_leader, committee, committee_term, facts, created)
        self._branch_draft(branch_clerk, leader, branch, congress_term, resolution, created)

        if created:
            self.stdout.write(self.style.SUCCESS("Demo documents loaded: " + "; ".join(created) + "."))
        else:
            self.stdout.write("Demo documents already loaded.")
        self.stdout.write(
            f"  {PARENT_LEADER[0]:<11} leader of {PARENT}: approves what {COMMITTEE} issues "
            f"(password {DEMO_PASSWORD})"
        )

    def _parent_leader(self, User, parent):
        username, full_name = PARENT_LEADER
        with transaction.atomic():
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username, f"{username}@example.org", password=DEMO_PASSWORD, full_name=full_name, signing_position="PHÓ BÍ THƯ",
                )
            Role.objects.get_or_create(user=user, organization=parent, kind=RoleKind.LEADER)
        return user

    def _template(self, clerk, owner, facts, created):
        template = DocumentTemplate.objects.filter(owner=owner, name=facts["name"]).first()
        if template is None:
            template = template_save(acting_user=clerk, owner=owner, **facts)
            created.append(f"template “{template.name}”")
        return template

    def _issued(self, clerk, approver, issuer, term, facts, created):
        if Document.objects.filter(issuer=issuer, subject=facts["subject"]).exists():
            return
        document = document_create(acting_user=clerk, issuer=issuer, term=term, **SIGNER, **facts)
        document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors={Actor.CLERK})
        document_move(acting_user=approver, document=document, move=Move.APPROVE, actors={Actor.LEADER})
        try:
            document = document_issue(acting_user=clerk, document=document, actors={Actor.CLERK})
        except Exception as error:
            # Without Redis the PDF renders in-process once the issue has committed; a failure
            # there leaves the document issued (and its render job failed): not the demo's end.
            document = Document.objects.get(pk=document.pk)
            if not document.is_frozen:
                raise
            logger.warning("Rendering the PDF of a demo document failed: %r", error)
            self.stderr.write(f"The PDF of “{facts['subject']}” could not be rendered now: {error}")
        created.append(f"Số {document.symbol} issued")

    def _branch_draft(self, branch_clerk, commenter, branch, term, template, created):
        if Document.objects.filter(issuer=branch, doc_type="NQ").exists():
            return
        draft = document_create(
            acting_user=branch_clerk, issuer=branch, template=template, term=term,
            signing_body="CHI BỘ", signer_position="BÍ THƯ",
            recipients="- Đảng ủy phường Kỳ Trinh (b/c),\n- Đảng viên trong chi bộ,\n- Lưu chi bộ.",
        )
        draft = document_move(acting_user=branch_clerk, document=draft, move=Move.OPEN_COMMENTS, actors={Actor.CLERK})
        comment_add(acting_user=commenter, version=draft.versions.order_by("-number").first(), body=COMMENT, paragraph=1)
        created.append(f"a draft resolution of {branch.name}, open for comments")
