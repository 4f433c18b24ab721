"""The URLs of the congress round, one module per area of the app."""

from . import congresses, day, plans, progress, results, reviews, targets

urlpatterns = [
    *plans.urlpatterns, *congresses.urlpatterns, *reviews.urlpatterns, *day.urlpatterns, *results.urlpatterns,
    *progress.urlpatterns, *targets.urlpatterns,
]
