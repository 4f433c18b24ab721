"""URLs of the elections app: ballot papers (owned by its views module)."""

from django.urls import path

from ..views import papers

urlpatterns = [
    path("elections/<int:pk>/ballot-paper/", papers.election_ballot_paper, name="election_ballot_paper"),
]
