"""URLs of the congress app: results (owned by its views module)."""

from django.urls import path

from ..views import results

urlpatterns = [
    path("congresses/<int:pk>/elected/", results.congress_elected, name="congress_elected"),
    path("elected-seats/<int:pk>/delete/", results.congress_elected_delete, name="congress_elected_delete"),
    path("congresses/<int:pk>/dossier/", results.congress_dossier, name="congress_dossier"),
    path("congresses/<int:pk>/dossier/summary-list/", results.congress_summary_list, name="congress_summary_list"),
    path("dossier-files/<int:pk>/", results.congress_dossier_download, name="congress_dossier_download"),
    path("dossier-files/<int:pk>/delete/", results.congress_dossier_delete, name="congress_dossier_delete"),
    path("congresses/<int:pk>/complaints/", results.congress_complaints, name="congress_complaints"),
    path("complaints/<int:pk>/settle/", results.congress_complaint_settle, name="congress_complaint_settle"),
    path("congresses/<int:pk>/appoint-secretary/", results.congress_secretary_appoint, name="congress_secretary_appoint"),
    path("congresses/<int:pk>/ratify/", results.congress_ratify, name="congress_ratify"),
    path("congresses/<int:pk>/annul/", results.congress_annul, name="congress_annul"),
]
