"""URLs of the congress app: congresses (owned by its views module)."""

from django.urls import path

from ..views import congresses

urlpatterns = [
    path("congresses/<int:pk>/", congresses.congress_detail, name="congress_detail"),
    path("congresses/<int:pk>/schedule/", congresses.congress_schedule, name="congress_schedule"),
    path("congresses/<int:pk>/move/", congresses.congress_move, name="congress_move"),
    path("congresses/<int:pk>/documents/new/", congresses.congress_document_create, name="congress_document_create"),
    path("congresses/<int:pk>/guests/", congresses.congress_guests, name="congress_guests"),
    path("congress-guests/<int:pk>/delete/", congresses.congress_guest_delete, name="congress_guest_delete"),
    path("congresses/<int:pk>/debrief/", congresses.congress_debrief, name="congress_debrief"),
    path("congresses/<int:pk>/debrief/publish/", congresses.congress_debrief_publish, name="congress_debrief_publish"),
]
