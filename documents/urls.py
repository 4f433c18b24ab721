from django.urls import path

from .views import comments, documents, register, renders, versions, word
from .views import templates as doc_templates

urlpatterns = [
    path("org/<int:pk>/documents/", documents.document_list, name="document_list"),
    path("org/<int:pk>/documents/new/", documents.document_create, name="document_create"),
    path("org/<int:pk>/register/", register.document_register, name="document_register"),
    path("org/<int:pk>/register/export.xlsx", register.document_register_export, name="document_register_export"),
    path("org/<int:pk>/templates/", doc_templates.template_list, name="document_template_list"),
    path("org/<int:pk>/templates/new/", doc_templates.template_create, name="document_template_create"),
    path("templates/<int:pk>/edit/", doc_templates.template_update, name="document_template_update"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/details/", documents.document_update, name="document_update"),
    path("documents/<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path("documents/<int:pk>/open-comments/", documents.document_open_comments, name="document_open_comments"),
    path("documents/<int:pk>/close-comments/", documents.document_close_comments, name="document_close_comments"),
    path("documents/<int:pk>/submit/", documents.document_submit, name="document_submit"),
    path("documents/<int:pk>/approve/", documents.document_approve, name="document_approve"),
    path("documents/<int:pk>/return/", documents.document_return, name="document_return"),
    path("documents/<int:pk>/issue/", documents.document_issue, name="document_issue"),
    path("documents/<int:pk>/supersede/", documents.document_supersede, name="document_supersede"),
    path("documents/<int:pk>/pdf/", renders.document_render, name="document_render"),
    path("jobs/<int:pk>/", renders.render_job_status, name="render_job_status"),
    path("jobs/<int:pk>/download/", renders.render_job_download, name="render_job_download"),
    path("documents/<int:pk>/docx/", word.document_docx, name="document_docx"),
    path("documents/<int:pk>/import-docx/", word.document_import_docx, name="document_import_docx"),
    path("documents/<int:pk>/edit/paste/", versions.document_body_clean, name="document_body_clean"),
    path("documents/<int:pk>/compare/", versions.document_compare, name="document_compare"),
    path("documents/<int:pk>/comments/", comments.comment_create, name="comment_create"),
    path("documents/<int:pk>/comments/summary/", comments.comment_summary, name="comment_summary"),
    path("comments/<int:pk>/answer/", comments.comment_answer, name="comment_answer"),
]
