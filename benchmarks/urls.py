from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/reference/", views.reference_members, name="bench_reference"),
    path("", include("config.urls")),
]
