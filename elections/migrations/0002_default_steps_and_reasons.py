"""The nomination steps and the reasons a ballot is invalid that a new installation starts
with. Both are data an administrator keeps: the steps of "quy trình 5 bước" and most reasons
are unconfirmed (docs/domain.md §2 step 4, §3)."""

from django.db import migrations

STEPS = [
    "Bước 1: Chi ủy (cấp ủy) thảo luận, định hướng cơ cấu, số lượng và tiêu chuẩn cấp ủy khóa mới",
    "Bước 2: Hội nghị đảng viên giới thiệu nhân sự (phiếu kín)",
    "Bước 3: Chi ủy (cấp ủy) thảo luận, giới thiệu nhân sự trên cơ sở kết quả bước 2",
    "Bước 4: Lấy ý kiến nhận xét của chi ủy nơi cư trú và cấp ủy nơi công tác",
    "Bước 5: Chi ủy (cấp ủy) thống nhất danh sách, báo cáo cấp trên",
]

# (code, name, confirmed by the regulation)
REASONS = [
    ("not_issued", "Phiếu không do Ban (Tổ) kiểm phiếu phát ra", True),
    ("too_many", "Phiếu bầu vượt quá số lượng cần bầu", True),
    ("none", "Phiếu gạch tên tất cả những người trong danh sách bầu cử", True),
    ("", "Phiếu ghi thêm tên người ngoài danh sách", False),
    ("", "Phiếu có ký tên hoặc đánh dấu", False),
]


def add(apps, schema_editor):
    NominationStep = apps.get_model("elections", "NominationStep")
    InvalidReason = apps.get_model("elections", "InvalidReason")
    for order, name in enumerate(STEPS, start=1):
        NominationStep.objects.create(name=name, order=order)
    for order, (code, name, confirmed) in enumerate(REASONS, start=1):
        InvalidReason.objects.create(code=code, name=name, is_confirmed=confirmed, order=order)


def remove(apps, schema_editor):
    apps.get_model("elections", "NominationStep").objects.filter(name__in=STEPS).delete()
    apps.get_model("elections", "InvalidReason").objects.filter(name__in=[r[1] for r in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("elections", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
