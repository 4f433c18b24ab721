"""The root URLconf: it wires every app together (the one place allowed to look upward)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.contrib.auth.decorators import login_not_required
from django.views.i18n import set_language

from branches.views import password_reset

# The 500 page, or the 503 page when it is the database that went away (config/middleware.py).
handler500 = "config.views.server_error"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Public (Django marks them login_not_required): forgotten passwords, by e-mail.
    path("accounts/password/reset/", password_reset.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(extra_context={"valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("branches.urls")),
    path("", include("documents.urls")),
    path("", include("congress.urls")),
    path("", include("elections.urls")),
    path("", include("reporting.urls")),
]
