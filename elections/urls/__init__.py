"""The URLs of the elections app, one module per area."""

from . import counting, elections, minutes, papers, personnel

urlpatterns = [*personnel.urlpatterns, *elections.urlpatterns, *counting.urlpatterns, *minutes.urlpatterns, *papers.urlpatterns]
