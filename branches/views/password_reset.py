"""Self-service password reset: Django's views, with a limit on the requests and the link
pointing where users open the site (docs/deploy.md, "Mail")."""

from urllib.parse import urlsplit

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from ..services.password_reset import password_reset_request_admit, reset_window, user_password_reset


def _link_origin(request) -> tuple[str, str]:
    """(scheme, host[:port]) of the link in the e-mail. Behind nginx the request's host has
    lost its port (docs/deploy.md, CSRF_TRUSTED_ORIGINS), so the address users open, when
    configured, is the one to send them back to."""
    if settings.CSRF_TRUSTED_ORIGINS:
        origin = urlsplit(settings.CSRF_TRUSTED_ORIGINS[0])
        return origin.scheme, origin.netloc
    return ("https" if request.is_secure() else "http"), request.get_host()


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        # The client's address as the login lock reads it (PROXY_COUNT), not a header taken on trust.
        if not password_reset_request_admit(
            email=form.cleaned_data["email"], ip_address=get_client_ip_address(self.request)
        ):
            minutes = int(reset_window().total_seconds() // 60)
            form.add_error(None, _(
                "Too many password reset requests for this address or from this computer. "
                "No e-mail was sent: wait %(minutes)s minutes, then try again."
            ) % {"minutes": minutes})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        protocol, domain = _link_origin(self.request)
        # Sends nothing to an unknown address, an inactive account or one without a usable
        # password, and logs a mail server failure instead of raising: the next page is the
        # same whatever the address, so it never tells whether an account exists.
        form.save(
            request=self.request,
            domain_override=domain,
            use_https=protocol == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            extra_email_context={"valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        user_password_reset(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
