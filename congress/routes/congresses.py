"""URLs of the congress app: congresses (owned by its views module)."""

urlpatterns = []
