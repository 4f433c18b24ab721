"""URLs of the register of emulation works and of the awards (reporting.views.register)."""

from django.urls import path

from ..views import register as views

urlpatterns = [
    path("plans/<int:pk>/emulation/", views.plan_emulation, name="plan_emulation"),
    path("plans/<int:pk>/emulation/works/add/", views.plan_work_add, name="plan_work_add"),
    path("congresses/<int:pk>/works/add/", views.congress_work_add, name="congress_work_add"),
    path("works/<int:pk>/edit/", views.work_edit, name="work_edit"),
    path("works/<int:pk>/delete/", views.work_delete, name="work_delete"),
    path("plans/<int:pk>/awards/add/", views.plan_award_add, name="plan_award_add"),
    path("awards/<int:pk>/edit/", views.award_edit, name="award_edit"),
    path("awards/<int:pk>/delete/", views.award_delete, name="award_delete"),
]
