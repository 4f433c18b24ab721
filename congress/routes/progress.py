"""URLs of the congress app: progress (owned by its views module)."""

urlpatterns = []
