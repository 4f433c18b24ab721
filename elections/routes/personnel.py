"""URLs of the elections app: personnel (owned by its views module)."""

urlpatterns = []
