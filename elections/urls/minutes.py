"""URLs of the elections app: the vote-count minutes and the ballot entry log (owned by its views module)."""

from django.urls import path

from ..views import minutes

urlpatterns = [
    path("elections/<int:pk>/minutes/", minutes.election_minutes, name="election_minutes"),
    path("elections/<int:pk>/minutes/draft/", minutes.election_minutes_draft, name="election_minutes_draft"),
    path("elections/<int:pk>/minutes/issue/", minutes.election_minutes_issue, name="election_minutes_issue"),
    path("elections/<int:pk>/entry-log/draft/", minutes.election_entry_log_draft, name="election_entry_log_draft"),
    path("elections/<int:pk>/entry-log/issue/", minutes.election_entry_log_issue, name="election_entry_log_issue"),
]
