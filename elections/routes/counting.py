"""URLs of the elections app: counting (owned by its views module)."""

urlpatterns = []
