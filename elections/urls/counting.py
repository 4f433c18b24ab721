"""URLs of the elections app: counting (owned by its views module)."""

from django.urls import path

from ..views import counting

urlpatterns = [
    path("elections/<int:pk>/counting/", counting.election_counting, name="election_counting"),
    path("elections/<int:pk>/counting/key/", counting.election_key, name="election_key"),
    path("elections/<int:pk>/counting/totals/", counting.election_totals, name="election_totals"),
    path("elections/<int:pk>/close/", counting.election_close, name="election_close"),
]
