"""URLs of the elections app: ballot papers (owned by its views module)."""

urlpatterns = []
