"""URLs of the elections app: elections (owned by its views module)."""

from django.urls import path

from ..views import elections

urlpatterns = [
    path("congresses/<int:pk>/elections/", elections.congress_elections, name="congress_elections"),
    path("elections/<int:pk>/", elections.election_detail, name="election_detail"),
    path("elections/<int:pk>/candidates/from-plan/", elections.election_candidates_from_plan,
         name="election_candidates_from_plan"),
    path("elections/<int:pk>/candidates/add/", elections.election_candidate_add, name="election_candidate_add"),
    path("elections/<int:pk>/candidates/withdraw/", elections.election_candidate_withdraw,
         name="election_candidate_withdraw"),
    path("elections/<int:pk>/candidates/remove/", elections.election_candidate_remove,
         name="election_candidate_remove"),
    path("elections/<int:pk>/open/", elections.election_open, name="election_open"),
    path("elections/<int:pk>/decide/", elections.election_decide, name="election_decide"),
]
