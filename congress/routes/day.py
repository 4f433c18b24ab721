"""URLs of the congress app: day (owned by its views module)."""

urlpatterns = []
