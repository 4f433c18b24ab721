"""The URLs of the results and statistics of a round, one module per area."""

from . import register, report, results

urlpatterns = [*results.urlpatterns, *report.urlpatterns, *register.urlpatterns]
