"""URLs of reporting: the results of a round, and their Excel and JSON exports."""

from django.urls import path

from ..views import results

urlpatterns = [
    path("plans/<int:pk>/results/", results.plan_results, name="plan_results"),
    path("plans/<int:pk>/results.xlsx", results.plan_results_xlsx, name="plan_results_xlsx"),
    path("plans/<int:pk>/results.json", results.plan_results_json, name="plan_results_json"),
]
