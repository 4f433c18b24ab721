"""URLs of the congress app: reviews (owned by its views module)."""

urlpatterns = []
