"""URLs of the elections app: the personnel plan. `pk` is the congress for its page and for
creating revision 1, the revision for the actions on it."""

from django.urls import path

from ..views import personnel as views

urlpatterns = [
    path("congresses/<int:pk>/personnel/", views.personnel_plan, name="personnel_plan"),
    path("congresses/<int:pk>/personnel/create/", views.personnel_plan_create, name="personnel_plan_create"),
    path("personnel-plans/<int:pk>/edit/", views.personnel_plan_edit, name="personnel_plan_edit"),
    path("personnel-plans/<int:pk>/nominees/add/", views.personnel_plan_nominee_add, name="personnel_plan_nominee_add"),
    path("nominees/<int:pk>/remove/", views.personnel_plan_nominee_remove, name="personnel_plan_nominee_remove"),
    path("nomination-steps/<int:pk>/", views.personnel_plan_step, name="personnel_plan_step"),
    path("personnel-plans/<int:pk>/submit/", views.personnel_plan_submit, name="personnel_plan_submit"),
    path("personnel-plans/<int:pk>/approve/", views.personnel_plan_approve, name="personnel_plan_approve"),
    path("personnel-plans/<int:pk>/return/", views.personnel_plan_return, name="personnel_plan_return"),
    path("personnel-plans/<int:pk>/revise/", views.personnel_plan_revise, name="personnel_plan_revise"),
]
