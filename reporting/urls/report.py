"""URLs of reporting: the summary report of a round (báo cáo kết quả đại hội)."""

from django.urls import path

from ..views import report

urlpatterns = [
    path("plans/<int:pk>/results/report/", report.plan_report_draft, name="plan_report_draft"),
]
