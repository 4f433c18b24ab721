from django.urls import path

from .views import documents

urlpatterns = [
    path("org/<int:pk>/documents/", documents.document_list, name="document_list"),
    path("org/<int:pk>/documents/new/", documents.document_create, name="document_create"),
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
]
