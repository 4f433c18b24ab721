"""The written texts of the demo congresses' political reports and self-reviews, shared by the
demo commands (seed_demo_congress's 2025–2030 round, reporting.demo's completed rounds).

A draft from congress.services.congresses is the skeleton of headings; the demo approves these
documents at the review, and nothing is approved with empty sections (documents.guard,
docs/domain.md §4a). The headings are the skeleton's, word for word, so congress.resolution
finds the general goal and the tasks in them. Two voices: a branch of a ward's residential
group (tổ dân phố) and a branch of an agency. The texts are pure (names in, HTML out, every
name escaped); write_political_report saves one as the congress's next version.
"""

from collections.abc import Sequence
from html import escape

from documents.services.documents import document_save_body

from . import selectors
from .models import Congress, CongressDocumentRole
from .services.congresses import previous_targets_html
from .services.resolution import previous_term_text

RESIDENTIAL_WORDS = ("TDP", "tổ dân phố", "Tổ dân phố", "khối phố", "thôn")


def is_residential(organization_name: str) -> bool:
    """A branch of a residential group (its name says TDP, tổ dân phố, thôn...)."""
    return any(word in organization_name for word in RESIDENTIAL_WORDS)


def _p(*sentences: str) -> str:
    return f"<p>{' '.join(sentences)}</p>"


def _heading(text: str) -> str:
    return f"<p><b>{text}</b></p>"


def _results(organization: str, residential: bool) -> str:
    if residential:
        return (
            _p(f"Nhiệm kỳ qua, {organization} lãnh đạo nhân dân trong tổ dân phố thực hiện tốt các chủ trương của "
               "Đảng, chính sách, pháp luật của Nhà nước và nghị quyết của Đảng ủy phường.",
               "Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” được duy trì; 96% hộ gia đình đạt danh "
               "hiệu gia đình văn hóa, tổ dân phố ba năm liền đạt danh hiệu tổ dân phố văn hóa.")
            + _p("Chi bộ lãnh đạo làm mới 320 m đường bê tông, lắp đặt 45 bóng điện chiếu sáng ngõ xóm bằng nguồn "
                 "đóng góp của nhân dân; an ninh, trật tự được giữ vững, không có tội phạm nghiêm trọng.")
            + _p("Công tác xây dựng Đảng có chuyển biến: sinh hoạt chi bộ định kỳ đúng nội dung, có một buổi sinh "
                 "hoạt chuyên đề mỗi quý; kết nạp 03 đảng viên mới; hằng năm trên 90% đảng viên hoàn thành tốt "
                 "nhiệm vụ.")
        )
    return (
        _p(f"Nhiệm kỳ qua, {organization} lãnh đạo cán bộ, công chức hoàn thành các nhiệm vụ chuyên môn được giao; "
           "công tác tham mưu cho lãnh đạo cơ quan kịp thời, đúng quy định.",
           "Cải cách hành chính được đẩy mạnh: 100% hồ sơ được giải quyết đúng hạn, 85% thủ tục được thực hiện "
           "trực tuyến.")
        + _p("Công tác xây dựng Đảng được chú trọng: chi bộ sinh hoạt định kỳ đúng quy định, nâng cao chất lượng "
             "sinh hoạt chuyên đề; kết nạp 02 đảng viên mới; hằng năm chi bộ đạt hoàn thành tốt nhiệm vụ.")
    )


def _shortcomings(residential: bool) -> str:
    if residential:
        return (
            _p("Một số đảng viên cao tuổi ít tham gia sinh hoạt; việc phát triển đảng viên trong đoàn viên thanh niên "
               "còn khó khăn; vệ sinh môi trường ở một số ngõ xóm chưa thường xuyên.")
            + _p("Nguyên nhân chủ yếu: nhiều đảng viên trẻ đi làm ăn xa; công tác tuyên truyền, vận động có lúc chưa "
                 "sâu sát; chi ủy chưa có biện pháp theo dõi đảng viên làm việc ngoài địa bàn.")
        )
    return (
        _p("Nội dung sinh hoạt chi bộ có lúc còn nặng về triển khai công việc chuyên môn; việc đánh giá, xếp loại "
           "đảng viên ở một số thời điểm chưa gắn với kết quả công việc cụ thể.")
        + _p("Nguyên nhân chủ yếu: khối lượng công việc chuyên môn lớn; chi ủy chưa chủ động đổi mới cách chuẩn bị "
             "nội dung sinh hoạt.")
    )


def _lessons() -> str:
    return _p(
        "Một là, giữ vững nguyên tắc tập trung dân chủ, phát huy trí tuệ tập thể trong chi bộ.",
        "Hai là, đảng viên phải gương mẫu, nói đi đôi với làm.",
        "Ba là, bám sát thực tiễn, lắng nghe ý kiến của nhân dân, kịp thời giải quyết những vấn đề phát sinh.",
    )


def _goal(organization: str, residential: bool) -> str:
    where = "xây dựng tổ dân phố văn minh, an toàn, sạch đẹp" if residential else "hoàn thành tốt nhiệm vụ chính trị của cơ quan"
    return _p(
        f"Nâng cao năng lực lãnh đạo và sức chiến đấu của {organization}; phát huy sức mạnh đoàn kết, "
        f"{where}; xây dựng chi bộ trong sạch, vững mạnh."
    )


def _targets(targets: Sequence[str], residential: bool) -> str:
    if targets:
        items = "".join(f"<li>{escape(target)}.</li>" for target in targets)
        return _p("Phấn đấu trong nhiệm kỳ, hằng năm:") + f"<ul>{items}</ul>"
    if residential:
        return _p("Hằng năm 100% đảng viên hoàn thành nhiệm vụ, trên 90% hoàn thành tốt nhiệm vụ; kết nạp từ 02 đảng "
                  "viên mới trở lên trong nhiệm kỳ; trên 95% hộ gia đình đạt danh hiệu gia đình văn hóa.")
    return _p("Hằng năm 100% đảng viên hoàn thành nhiệm vụ, trên 95% hoàn thành tốt nhiệm vụ; kết nạp từ 01 đảng "
              "viên mới trở lên; trên 90% cá nhân đạt danh hiệu lao động tiên tiến.")


def _tasks(residential: bool) -> str:
    if residential:
        return (
            _heading("1. Công tác xây dựng Đảng")
            + _p("Nâng cao chất lượng sinh hoạt chi bộ; mỗi quý một buổi sinh hoạt chuyên đề; phân công đảng viên "
                 "phụ trách hộ gia đình; tạo nguồn phát triển đảng viên trong đoàn viên thanh niên.")
            + _heading("2. Phát triển kinh tế, văn hóa, xã hội")
            + _p("Vận động nhân dân phát triển kinh tế hộ gia đình, tham gia chỉnh trang ngõ xóm, giữ gìn vệ sinh "
                 "môi trường; duy trì phong trào văn hóa, thể thao ở nhà văn hóa tổ dân phố.")
            + _heading("3. Quốc phòng, an ninh")
            + _p("Giữ vững an ninh, trật tự trên địa bàn; phát huy vai trò của tổ an ninh tự quản.")
        )
    return (
        _heading("1. Công tác xây dựng Đảng")
        + _p("Đổi mới nội dung sinh hoạt chi bộ; gắn việc đánh giá đảng viên với kết quả công việc; làm tốt công "
             "tác phát triển đảng viên.")
        + _heading("2. Nhiệm vụ chuyên môn")
        + _p("Lãnh đạo cán bộ, công chức hoàn thành nhiệm vụ được giao; đẩy mạnh cải cách hành chính, chuyển đổi số.")
    )


def political_report_body(
    *, organization: str, term: str, previous_term: str, targets: Sequence[str] = (), residential: bool | None = None,
    previous_targets: str = "",
) -> str:
    """The political report, every section of the skeleton written: the outgoing term's results
    (after `previous_targets`, the table of the previous congress's targets and what each year
    achieved, when it set any), shortcomings and lessons; the new term's goal, targets (`targets`,
    their texts, when the congress has them) and tasks."""
    residential = is_residential(organization) if residential is None else residential
    name = escape(organization)
    return "".join([
        _heading("Phần thứ nhất"),
        _heading(f"KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ {escape(previous_term)}"),
        _heading("I. Kết quả đạt được"), previous_targets, _results(name, residential),
        _heading("II. Hạn chế, khuyết điểm và nguyên nhân"), _shortcomings(residential),
        _heading("III. Bài học kinh nghiệm"), _lessons(),
        _heading("Phần thứ hai"),
        _heading(f"PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ {escape(term)}"),
        _heading("I. Mục tiêu tổng quát"), _goal(name, residential),
        _heading("II. Các chỉ tiêu chủ yếu"), _targets(targets, residential),
        _heading("III. Nhiệm vụ và giải pháp"), _tasks(residential),
    ])


def self_review_body(*, organization: str, committee: str = "chi ủy", residential: bool | None = None) -> str:
    """The committee's self-review (báo cáo kiểm điểm), every section of the skeleton written."""
    residential = is_residential(organization) if residential is None else residential
    name = escape(organization)
    where = "các hộ gia đình trong tổ dân phố" if residential else "cán bộ, công chức trong cơ quan"
    return "".join([
        _heading("I. Ưu điểm"),
        _p(f"Tập thể {committee} {name} đoàn kết, giữ nguyên tắc tập trung dân chủ; lãnh đạo chi bộ hoàn thành "
           f"các chỉ tiêu nghị quyết đề ra; các đồng chí trong {committee} gương mẫu, gần gũi {where}."),
        _heading("II. Hạn chế, khuyết điểm và nguyên nhân"),
        _p(f"Việc kiểm tra, đôn đốc thực hiện nghị quyết có lúc chưa thường xuyên; {committee} chưa kịp thời đề ra "
           "biện pháp với đảng viên ít tham gia sinh hoạt. Nguyên nhân chủ yếu là các đồng chí kiêm nhiệm nhiều "
           "việc, thời gian dành cho công tác đảng còn hạn chế."),
        _heading("III. Phương hướng khắc phục"),
        _p(f"Phân công cụ thể từng đồng chí {committee} theo dõi các nhóm đảng viên; kiểm tra việc thực hiện nghị "
           "quyết mỗi quý một lần; đưa kết quả khắc phục vào đánh giá, xếp loại cuối năm."),
    ])


# --- Writing them -------------------------------------------------------------------------------


def write_political_report(*, acting_user, congress: Congress) -> None:
    """The congress's political report (drafted as the skeleton) written: its sections, its
    targets as the congress has them (congress.models.Target), saved as the next version."""
    document = selectors.documents_by_role(congress)[CongressDocumentRole.POLITICAL_REPORT]
    body = political_report_body(
        organization=congress.organization.name, term=str(congress.plan.term),
        previous_term=previous_term_text(congress),
        targets=[str(target) for target in congress.targets.order_by("position", "pk")],
        previous_targets=previous_targets_html(congress),
    )
    document_save_body(acting_user=acting_user, document=document, body=body, note="Viết các phần của báo cáo")
