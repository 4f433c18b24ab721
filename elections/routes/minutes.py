"""URLs of the elections app: minutes (owned by its views module)."""

urlpatterns = []
