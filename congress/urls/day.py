"""URLs of the congress app: the congress day (attendance, votes, agenda, resolution, minutes)."""

from django.urls import path

from ..views import day

urlpatterns = [
    path("congresses/<int:pk>/attendance/", day.congress_attendance, name="congress_attendance"),
    path("congresses/<int:pk>/attendance/draw/", day.congress_attendance_draw, name="congress_attendance_draw"),
    path("congresses/<int:pk>/delegates/add/", day.congress_delegate_add, name="congress_delegate_add"),
    path("congresses/<int:pk>/delegates/remove/", day.congress_delegate_remove, name="congress_delegate_remove"),
    path("congresses/<int:pk>/votes/", day.congress_votes, name="congress_votes"),
    path("congresses/<int:pk>/resolution/", day.congress_resolution, name="congress_resolution"),
    path("congresses/<int:pk>/agenda/", day.congress_agenda, name="congress_agenda"),
    path("congresses/<int:pk>/minutes/draft/", day.congress_minutes_draft, name="congress_minutes_draft"),
    path("congresses/<int:pk>/minutes/issue/", day.congress_minutes_issue, name="congress_minutes_issue"),
]
