#!/usr/bin/env python
"""Measure the PDF render of documents (documents.render) in one process.

    .venv/bin/python benchmarks/render.py [--warm 60] [--memory 500] [--report-pages 40]
    .venv/bin/python benchmarks/render.py --quick    (a few renders of each: does it run?)

Builds its documents in memory (unsaved model instances with an explicit superior line, so no
database is touched) and measures, in order:

- the cold render: `import weasyprint`, then the first render_pdf of the process;
- warm renders of a two-page resolution of "Chi bộ TDP Hoàng Trinh": render_pdf against
  WeasyPrint rendering the same HTML (render_html's) directly with the same FontConfiguration,
  with its default URL fetcher and with render's, in turn; the overhead is the ratio of the
  medians of render_pdf and of the latter;
- a political report of about 40 pages (headings, paragraphs, lists, a table of targets);
- the process's RSS every 100 renders of the resolution, up to --memory renders.

Prints a markdown table (docs/benchmarks.md, "Document rendering") and exits 1 if a target is
missed: warm resolution median under 150 ms, overhead under 10%, the report under 5 s, RSS
under 250 MB and flat (growth over the last 400 renders under 10 MB).

--save DIR also writes the resolution (draft and issued) and the report as PDFs there.

--quick checks that the script runs end to end (tests/test_benchmarks_smoke.py): 3 warm renders,
a 2-page report once, no memory series; the figures mean nothing and the targets are not enforced
(exit 0 unless it fails).
"""

import argparse
import datetime
import gc
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from common import QUICK_HELP, print_quick_note  # beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

WARM_TARGET_MS = 150.0
OVERHEAD_TARGET = 0.10
REPORT_TARGET_S = 5.0
RSS_TARGET_MB = 250.0
RSS_GROWTH_MB = 10.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warm", type=int, default=60, help="renders of each kind for the warm medians")
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument("--report-pages", type=int, default=40, help="the report's target length")
    parser.add_argument("--memory", type=int, default=500, help="renders for the RSS series")
    parser.add_argument("--save", type=Path, help="write the PDFs into this folder")
    parser.add_argument("--quick", action="store_true", help=f"3 renders of each kind, a 2-page report; {QUICK_HELP}")
    args = parser.parse_args()
    if args.quick:
        args.warm, args.report_runs, args.report_pages, args.memory = 3, 1, 2, 2
    return args


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# The documents ----------------------------------------------------------------------------------

RESOLUTION_BODY = """
<p>Căn cứ Điều lệ Đảng Cộng sản Việt Nam; Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng;</p>
<p>Căn cứ Nghị quyết Đại hội Đảng bộ phường Kỳ Trinh lần thứ XV, nhiệm kỳ 2020–2025 và Chương trình công tác năm 2022 của Đảng ủy phường;</p>
<p>Căn cứ kết quả thảo luận của đảng viên tại kỳ sinh hoạt Chi bộ ngày 03/02/2022,</p>
<h2>I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2021</h2>
<p>Năm 2021, trong bối cảnh dịch bệnh Covid-19 diễn biến phức tạp, Chi bộ đã lãnh đạo đảng viên và nhân dân tổ dân phố Hoàng Trinh vừa phòng, chống dịch hiệu quả, vừa duy trì sản xuất, kinh doanh và ổn định đời sống. Thu nhập bình quân đầu người đạt 62 triệu đồng/năm, tăng 8% so với năm 2020; không còn hộ nghèo; 96% hộ gia đình đạt danh hiệu “Gia đình văn hóa”.</p>
<p>Công tác xây dựng Đảng được chú trọng; Chi bộ duy trì nền nếp sinh hoạt định kỳ, nâng cao chất lượng sinh hoạt chuyên đề; kết nạp 02 đảng viên mới, vượt chỉ tiêu Đảng ủy giao. Cuối năm, Chi bộ được đánh giá, xếp loại “Hoàn thành tốt nhiệm vụ”; 100% đảng viên hoàn thành nhiệm vụ trở lên, trong đó 18% hoàn thành xuất sắc nhiệm vụ.</p>
<p>Tuy vậy, việc phát triển kinh tế hộ còn chậm; vệ sinh môi trường ở một số tuyến đường chưa bảo đảm; một số đảng viên cao tuổi chưa tham gia đầy đủ các buổi sinh hoạt.</p>
<h2>II. MỤC TIÊU, NHIỆM VỤ NĂM 2022</h2>
<h3>1. Mục tiêu</h3>
<p>Nâng cao năng lực lãnh đạo và sức chiến đấu của Chi bộ; phát huy sức mạnh đoàn kết của nhân dân; phát triển kinh tế, bảo đảm an sinh xã hội, giữ vững quốc phòng, an ninh trên địa bàn tổ dân phố.</p>
<h3>2. Các chỉ tiêu chủ yếu</h3>
<table>
<thead><tr><th>TT</th><th>Chỉ tiêu</th><th>Năm 2022</th></tr></thead>
<tbody>
<tr><td>1</td><td>Thu nhập bình quân đầu người</td><td>68 triệu đồng</td></tr>
<tr><td>2</td><td>Hộ đạt danh hiệu “Gia đình văn hóa”</td><td>97% trở lên</td></tr>
<tr><td>3</td><td>Kết nạp đảng viên mới</td><td>01 đồng chí</td></tr>
<tr><td>4</td><td>Chi bộ hoàn thành tốt nhiệm vụ</td><td>Đạt</td></tr>
</tbody>
</table>
<h3>3. Nhiệm vụ và giải pháp</h3>
<ul>
<li>Tăng cường giáo dục chính trị, tư tưởng; tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương.</li>
<li>Nâng cao chất lượng sinh hoạt Chi bộ; mỗi quý ít nhất một kỳ sinh hoạt chuyên đề; phân công nhiệm vụ cụ thể cho từng đảng viên.</li>
<li>Vận động nhân dân chuyển đổi nghề, phát triển dịch vụ, thương mại; chỉnh trang đường làng, ngõ xóm, giữ gìn vệ sinh môi trường.</li>
<li>Phối hợp với Công an phường giữ vững an ninh trật tự; thực hiện tốt công tác tuyển quân năm 2022.</li>
</ul>
<h2>III. TỔ CHỨC THỰC HIỆN</h2>
<p>Chi ủy xây dựng chương trình hành động, phân công đảng viên phụ trách từng nhóm hộ và định kỳ kiểm tra, báo cáo kết quả tại kỳ sinh hoạt Chi bộ hằng tháng. Các đảng viên có trách nhiệm gương mẫu thực hiện và tuyên truyền, vận động gia đình, nhân dân cùng thực hiện thắng lợi Nghị quyết.</p>
<p>Nghị quyết này đã được Chi bộ thảo luận, thống nhất thông qua tại kỳ sinh hoạt ngày 03 tháng 02 năm 2022, với 100% đảng viên có mặt biểu quyết tán thành.</p>
"""

REPORT_SECTION = """
<h2>{roman}. {title}</h2>
<h3>1. Kết quả đạt được</h3>
<p>Trong nhiệm kỳ qua, Ban Chấp hành Đảng bộ đã lãnh đạo cán bộ, đảng viên và nhân dân trong phường đoàn kết, khắc phục khó khăn, thực hiện đạt và vượt {n} trên 15 chỉ tiêu chủ yếu mà Nghị quyết Đại hội đề ra. Kinh tế tiếp tục tăng trưởng khá; cơ cấu kinh tế chuyển dịch đúng hướng, tỷ trọng thương mại, dịch vụ chiếm 68,5%; thu ngân sách trên địa bàn hằng năm đều vượt dự toán.</p>
<p>Công tác quản lý đô thị, đất đai, tài nguyên và môi trường có chuyển biến tích cực; hạ tầng kỹ thuật được đầu tư đồng bộ, bộ mặt đô thị ngày càng khang trang, sạch đẹp. Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” được nhân dân hưởng ứng tích cực; chất lượng giáo dục, y tế được nâng lên; các chính sách an sinh xã hội được thực hiện đầy đủ, kịp thời.</p>
<p>Quốc phòng, an ninh được giữ vững; tình hình an ninh chính trị, trật tự an toàn xã hội ổn định; công tác tuyển quân hằng năm đạt 100% chỉ tiêu. Công tác xây dựng Đảng và hệ thống chính trị được chú trọng; năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ đảng viên được nâng lên.</p>
<ul>
<li>Tốc độ tăng giá trị sản xuất bình quân hằng năm đạt 11,2%, vượt 1,2% so với chỉ tiêu Nghị quyết.</li>
<li>Thu nhập bình quân đầu người năm cuối nhiệm kỳ đạt 65 triệu đồng, gấp 1,5 lần đầu nhiệm kỳ.</li>
<li>Tỷ lệ hộ gia đình đạt chuẩn văn hóa 95,6%; tổ dân phố đạt chuẩn văn hóa 100%.</li>
</ul>
<h3>2. Hạn chế, nguyên nhân</h3>
<p>Bên cạnh những kết quả đạt được, vẫn còn những hạn chế: tăng trưởng kinh tế chưa tương xứng với tiềm năng; công tác quản lý trật tự xây dựng có lúc, có nơi chưa chặt chẽ; chất lượng sinh hoạt của một số chi bộ chưa cao, nội dung sinh hoạt chưa phong phú. Nguyên nhân chủ yếu là một số cấp ủy chưa quyết liệt trong lãnh đạo, chỉ đạo; năng lực của một bộ phận cán bộ chưa đáp ứng yêu cầu nhiệm vụ.</p>
<h3>3. Bài học kinh nghiệm</h3>
<p>Một là, phải thường xuyên chăm lo xây dựng Đảng bộ trong sạch, vững mạnh; giữ vững nguyên tắc tập trung dân chủ, đoàn kết thống nhất trong Đảng. Hai là, phải bám sát thực tiễn, cụ thể hóa kịp thời các chủ trương của cấp trên. Ba là, phải phát huy sức mạnh khối đại đoàn kết toàn dân, lấy dân làm gốc.</p>
"""

REPORT_TITLES = [
    "KẾT QUẢ LÃNH ĐẠO PHÁT TRIỂN KINH TẾ", "QUẢN LÝ ĐÔ THỊ, ĐẤT ĐAI VÀ MÔI TRƯỜNG",
    "VĂN HÓA – XÃ HỘI", "QUỐC PHÒNG, AN NINH", "XÂY DỰNG ĐẢNG VỀ CHÍNH TRỊ, TƯ TƯỞNG",
    "XÂY DỰNG ĐẢNG VỀ TỔ CHỨC, CÁN BỘ", "CÔNG TÁC KIỂM TRA, GIÁM SÁT", "CÔNG TÁC DÂN VẬN",
    "HOẠT ĐỘNG CỦA CHÍNH QUYỀN", "MẶT TRẬN TỔ QUỐC VÀ CÁC ĐOÀN THỂ",
]


def roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def report_body(sections: int) -> str:
    parts = []
    for i in range(sections):
        title = REPORT_TITLES[i % len(REPORT_TITLES)]
        parts.append(REPORT_SECTION.format(roman=roman(i + 1), title=title, n=10 + i % 5))
        if i % 4 == 3:
            rows = "".join(
                f"<tr><td>{r + 1}</td><td>Chỉ tiêu số {r + 1} của lĩnh vực {title.lower()}</td>"
                f"<td>{80 + r}%</td><td>{82 + r}%</td><td>Vượt</td></tr>"
                for r in range(12)
            )
            parts.append(
                "<table><thead><tr><th>TT</th><th>Chỉ tiêu</th><th>Nghị quyết</th><th>Thực hiện</th>"
                f"<th>Đánh giá</th></tr></thead><tbody>{rows}</tbody></table>"
            )
    return "".join(parts)


def resolution(issued: bool):
    from branches.models import Organization
    from documents.models import Document, DocumentVersion

    branch = Organization(name="Chi bộ TDP Hoàng Trinh", kind="branch", short_name="ĐU", place_name="Kỳ Trinh")
    document = Document(
        issuer=branch, doc_type="NQ", subject="về lãnh đạo thực hiện nhiệm vụ năm 2022",
        superior_line="Đảng bộ phường Kỳ Trinh", place="Kỳ Trinh", document_date=datetime.date(2022, 2, 3),
        signing_mode="T/M", signing_body="CHI BỘ", signer_position="BÍ THƯ", signer_name="Nguyễn Văn Hùng",
        recipients="- Đảng ủy phường (để b/c),\n- Các đảng viên trong Chi bộ,\n- Lưu Chi bộ.",
        state="issued" if issued else "draft", number=29 if issued else None, symbol="29-NQ/ĐU" if issued else "",
    )
    return DocumentVersion(document=document, number=1, body=RESOLUTION_BODY.strip())


def political_report(sections: int):
    from branches.models import Organization
    from documents.models import Document, DocumentVersion

    ward = Organization(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU", place_name="Kỳ Trinh")
    document = Document(
        issuer=ward, doc_type="BC", heading="BÁO CÁO CHÍNH TRỊ",
        subject="của Ban Chấp hành Đảng bộ phường khóa XV trình Đại hội đại biểu lần thứ XVI, nhiệm kỳ 2025–2030",
        superior_line="Đảng bộ thị xã Kỳ Anh", issuer_lines="Đảng bộ phường Kỳ Trinh\nBan Chấp hành",
        place="Kỳ Trinh", document_date=datetime.date(2025, 5, 12), signing_mode="T/M",
        signing_body="BAN CHẤP HÀNH", signer_position="BÍ THƯ", signer_name="Lê Thị Mai",
        recipients="- Ban Thường vụ Thị ủy,\n- Đại biểu dự Đại hội,\n- Lưu Văn phòng.",
        state="issued", number=12, symbol="12-BC/ĐU",
    )
    return DocumentVersion(document=document, number=1, body=report_body(sections))


# The measurements --------------------------------------------------------------------------------

def timed(fn):
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main():
    args = parse_args()
    load_before = os.getloadavg()[0]
    import django

    django.setup()
    import_ms, _ = timed(lambda: __import__("weasyprint"))
    import weasyprint

    from documents import render

    draft, issued = resolution(False), resolution(True)
    cold_ms, first = timed(lambda: render.render_pdf(issued, issued=True))
    results = {"load_before": load_before, "import_ms": import_ms, "cold_ms": cold_ms, "resolution_pages": first.pages}

    # Warm: our pipeline against WeasyPrint on the same HTML (render_html: the stylesheet
    # inlined), in turn so that all see the same machine. "direct" is the plain call (WeasyPrint
    # builds its default URL fetcher, with an HTTPS context, for every HTML); "bare" shares
    # render's fetcher, so that what is left between it and render_pdf is the pipeline: the
    # template and sanitising (added) and the stylesheet parsed once instead of per render (saved).
    html = render.render_html(issued, issued=True)
    font_config = render._shared_font_config()

    def ours():
        return render.render_pdf(issued, issued=True)

    def direct():
        return weasyprint.HTML(string=html).write_pdf(font_config=font_config)

    def bare():
        return weasyprint.HTML(string=html, url_fetcher=render._NO_FETCHING).write_pdf(font_config=font_config)

    for _ in range(5):
        ours(), direct(), bare()
    runs = {"ours": [], "direct": [], "bare": []}
    kinds = [("ours", ours), ("direct", direct), ("bare", bare)]
    for i in range(args.warm):
        for name, fn in kinds[i % 3:] + kinds[:i % 3]:
            runs[name].append(timed(fn)[0])
    html_ms = [timed(lambda: render.render_html(issued, issued=True))[0] for _ in range(args.warm)]
    draft_ms = [timed(lambda: render.render_pdf(draft, issued=False))[0] for _ in range(args.warm // 2)]
    for name, values in runs.items():
        results[f"{name}_median"] = statistics.median(values)
        results[f"{name}_p90"] = percentile(values, 0.9)
    results.update(html_median=statistics.median(html_ms), draft_median=statistics.median(draft_ms))
    results["overhead"] = results["ours_median"] / results["bare_median"] - 1
    results["vs_direct"] = results["ours_median"] / results["direct_median"] - 1

    # A political report of about --report-pages pages.
    sections = max(1, round(args.report_pages / 1.15))  # a section is about 1.15 pages
    report = political_report(sections)
    report_runs = []
    for _ in range(args.report_runs):
        ms, pdf = timed(lambda: render.render_pdf(report, issued=True))
        report_runs.append(ms)
    results.update(report_pages=pdf.pages, report_median_s=statistics.median(report_runs) / 1000,
                   report_runs=report_runs, report_kb=len(pdf.data) / 1024)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        (args.save / "report.pdf").write_bytes(pdf.data)
        (args.save / "resolution-issued.pdf").write_bytes(render.render_pdf(issued, issued=True).data)
        (args.save / "resolution-draft.pdf").write_bytes(render.render_pdf(draft, issued=False).data)
    del pdf

    # Memory over many renders of the resolution, drafts and issued in turn.
    gc.collect()
    series = [(0, rss_mb())]
    for n in range(1, args.memory + 1):
        render.render_pdf(issued if n % 2 else draft, issued=bool(n % 2))
        if n % 100 == 0:
            series.append((n, rss_mb()))
    results["rss"] = series

    print_report(args, results)
    growth = series[-1][1] - series[1][1] if len(series) > 2 else 0.0
    missed = [
        name for name, ok in [
            (f"warm median < {WARM_TARGET_MS:.0f} ms", results["ours_median"] < WARM_TARGET_MS),
            (f"overhead < {OVERHEAD_TARGET:.0%}", results["overhead"] < OVERHEAD_TARGET),
            (f"report < {REPORT_TARGET_S:.0f} s", results["report_median_s"] < REPORT_TARGET_S),
            (f"RSS < {RSS_TARGET_MB:.0f} MB", max(mb for _, mb in series) < RSS_TARGET_MB),
            (f"RSS growth after 100 renders < {RSS_GROWTH_MB:.0f} MB", growth < RSS_GROWTH_MB),
        ] if not ok
    ]
    print("\nMISSED: " + "; ".join(missed) if missed else "\nAll targets met.")
    if args.quick:
        print_quick_note()
        return 0
    return 1 if missed else 0


def print_report(args, r):
    import django
    import weasyprint

    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"Run: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; command: "
          f"`.venv/bin/python benchmarks/render.py --warm {args.warm} --memory {args.memory} "
          f"--report-pages {args.report_pages}`")
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), load average {r['load_before']:.1f} before, {os.getloadavg()[0]:.1f} after; "
          f"Python {platform.python_version()}, Django {django.get_version()}, WeasyPrint {weasyprint.__version__}")
    print()
    print("| Measurement | median | p90 / detail | target |")
    print("|---|---:|---|---|")
    print(f"| `import weasyprint` (once per process) | {r['import_ms']:.0f} ms | | |")
    print(f"| First render in the process (resolution, {r['resolution_pages']} pages) | {r['cold_ms']:.0f} ms | "
          "includes the FontConfiguration | |")
    print(f"| Resolution, warm, render_pdf (issued) | {r['ours_median']:.1f} ms | p90 {r['ours_p90']:.1f} ms, "
          f"{args.warm} renders | < {WARM_TARGET_MS:.0f} ms |")
    print(f"| Same HTML, WeasyPrint directly, same fetcher (bare) | {r['bare_median']:.1f} ms | "
          f"p90 {r['bare_p90']:.1f} ms, in turn with the line above | |")
    print(f"| **Overhead of the pipeline** (render_pdf / bare − 1) | **{r['overhead']:+.1%}** | | < {OVERHEAD_TARGET:.0%} |")
    print(f"| Same HTML, plain `HTML(string=html).write_pdf(font_config=...)` | {r['direct_median']:.1f} ms | "
          f"p90 {r['direct_p90']:.1f} ms; render_pdf / plain − 1 = {r['vs_direct']:+.1%} | |")
    print(f"| of which render_html (template, sanitising) | {r['html_median']:.2f} ms | | |")
    print(f"| Resolution, warm, draft (DỰ THẢO mark) | {r['draft_median']:.1f} ms | | |")
    runs = " / ".join(f"{ms / 1000:.2f}" for ms in r["report_runs"])
    print(f"| Political report, {r['report_pages']} pages ({r['report_kb']:.0f} KB) | {r['report_median_s']:.2f} s | "
          f"runs {runs} s | < {REPORT_TARGET_S:.0f} s |")
    rss = ", ".join(f"{n}: {mb:.0f}" for n, mb in r["rss"])
    print(f"| RSS (MB) after N renders of the resolution | {max(mb for _, mb in r['rss']):.0f} MB max | {rss} | "
          f"< {RSS_TARGET_MB:.0f} MB, flat |")


if __name__ == "__main__":
    sys.exit(main())
