"""URLs of the congress app: plans (owned by its views module)."""

from django.urls import path

from ..views import plans

urlpatterns = [
    path("org/<int:pk>/congresses/", plans.organization_congresses, name="organization_congresses"),
    path("org/<int:pk>/plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_update, name="plan_update"),
    path("plans/<int:pk>/scope/", plans.plan_scope, name="plan_scope"),
    path("plans/<int:pk>/guidance/", plans.plan_guidance, name="plan_guidance"),
    path("plans/<int:pk>/issue/", plans.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/working-groups/new/", plans.working_group_create, name="working_group_create"),
    path("working-groups/<int:pk>/edit/", plans.working_group_update, name="working_group_update"),
    path("working-groups/<int:pk>/delete/", plans.working_group_delete, name="working_group_delete"),
    path("congresses/<int:pk>/ordinal/", plans.congress_ordinal, name="congress_ordinal"),
    path("congresses/<int:pk>/kind/", plans.congress_kind, name="congress_kind"),
]
