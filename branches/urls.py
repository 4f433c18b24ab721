from django.urls import path

from .views import attached, committees, imports, members, organizations

urlpatterns = [
    path("", organizations.home, name="home"),
    path("org/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("org/<int:pk>/children/", organizations.organization_children, name="organization_children"),
    path("org/<int:pk>/new/", organizations.organization_create, name="organization_create"),
    path("org/<int:pk>/edit/", organizations.organization_update, name="organization_update"),
    path("org/<int:pk>/move/", organizations.organization_move, name="organization_move"),
    path("org/<int:pk>/active/", organizations.organization_set_active, name="organization_set_active"),
    path("org/<int:pk>/members/", members.member_list, name="member_list"),
    path("org/<int:pk>/members/new/", members.member_create, name="member_create"),
    path("org/<int:pk>/members/options/", members.member_options, name="member_options"),
    path("org/<int:pk>/members/import/", imports.member_import, name="member_import"),
    path("imports/<int:pk>/", imports.member_import_job, name="member_import_job"),
    path("imports/<int:pk>/confirm/", imports.member_import_job_confirm, name="member_import_job_confirm"),
    path("org/<int:pk>/members/import/template.xlsx", imports.member_import_template, name="member_import_template"),
    path("org/<int:pk>/members/export.xlsx", imports.member_export, name="member_export"),
    path("org/<int:pk>/committees/", committees.committee_list, name="committee_list"),
    path("seats/<int:pk>/delete/", committees.committee_seat_delete, name="committee_seat_delete"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", members.member_update, name="member_update"),
    path("members/<int:pk>/transfer/", members.member_transfer, name="member_transfer"),
    path("org/<int:pk>/attached/new/", attached.attached_member_create, name="attached_member_create"),
    path("attached/<int:pk>/edit/", attached.attached_member_update, name="attached_member_update"),
    path("attached/<int:pk>/delete/", attached.attached_member_delete, name="attached_member_delete"),
]
