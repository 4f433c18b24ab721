"""URLs of a plan's progress: the dashboard, the list of congresses and the calendar."""

from django.urls import path

from ..views import progress

urlpatterns = [
    path("plans/<int:pk>/progress/", progress.plan_dashboard, name="plan_dashboard"),
    path("plans/<int:pk>/progress/congresses/", progress.plan_congresses, name="plan_congresses"),
    path("plans/<int:pk>/progress/calendar/", progress.plan_calendar, name="plan_calendar"),
]
