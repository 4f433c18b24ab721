"""URLs of the congress app: reviews (owned by its views module)."""

from django.urls import path

from ..views import reviews

urlpatterns = [
    path("congresses/<int:pk>/review/schedule/", reviews.review_schedule, name="review_schedule"),
    path("congresses/<int:pk>/review/return/", reviews.review_return, name="review_return"),
    path("reviews/<int:pk>/decide/", reviews.review_decide, name="review_decide"),
    path("reviews/<int:pk>/conclude/", reviews.review_conclude, name="review_conclude"),
]
