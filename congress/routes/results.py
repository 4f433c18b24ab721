"""URLs of the congress app: results (owned by its views module)."""

urlpatterns = []
