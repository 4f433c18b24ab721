"""URLs of the congress app: plans (owned by its views module)."""

urlpatterns = []
