"""URLs of the elections app: elections (owned by its views module)."""

urlpatterns = []
