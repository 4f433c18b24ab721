"""URLs of the congress app: the targets of a congress, their yearly results, and the draft
resolution drafted again from the congress records."""

from django.urls import path

from ..views import targets

urlpatterns = [
    path("congresses/<int:pk>/targets/", targets.congress_targets, name="congress_targets"),
    path("congresses/<int:pk>/targets/results/", targets.congress_target_results, name="congress_target_results"),
    path("congress-targets/<int:pk>/edit/", targets.target_edit, name="target_edit"),
    path("congress-targets/<int:pk>/delete/", targets.target_delete, name="target_delete"),
    path("congress-targets/<int:pk>/move/", targets.target_move, name="target_move"),
    path(
        "congresses/<int:pk>/resolution/redraft/", targets.congress_resolution_redraft,
        name="congress_resolution_redraft",
    ),
]
