"""Self-service password reset by e-mail (docs/deploy.md, "Mail"): how often it may be asked
for, and what setting the new password does besides the password."""

from datetime import timedelta

from auditlog.models import LogEntry
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..audit import audited
from ..models import PasswordResetRequest, User


def reset_window() -> timedelta:
    """The login lock's cool-off (AXES_COOLOFF_TIME, hours): one window for both limits."""
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def email_digest(email: str) -> str:
    """The address as the limit counts it: any case and surrounding spaces are one address
    (the reset form looks users up case-insensitively), keyed so the table reveals none."""
    return salted_hmac("branches.password_reset", email.strip().casefold(), algorithm="sha256").hexdigest()


def password_reset_request_admit(*, email: str, ip_address: str | None) -> bool:
    """Count a request for a reset e-mail to `email` from `ip_address`; False, and nothing
    counted, when either already asked PASSWORD_RESET_LIMIT times within the window.

    Counted in the database, not the cache: Redis may be down, and a process-local cache would
    give each gunicorn worker its own count. Whether the address belongs to anyone plays no
    part, so that the answer never tells. Two requests at the same instant may both pass the
    last free place: the limit is a brake on mail floods, not an exact quota.
    """
    now = timezone.now()
    since = now - reset_window()
    digest = email_digest(email)
    limit = settings.PASSWORD_RESET_LIMIT
    with transaction.atomic(durable=True):
        # Rows past the window count for nothing any more: the table stays a few rows long.
        PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
        recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
        if recent.filter(email_digest=digest).count() >= limit:
            return False
        if ip_address and recent.filter(ip_address=ip_address).count() >= limit:
            return False
        PasswordResetRequest.objects.create(email_digest=digest, ip_address=ip_address, requested_at=now)
    return True


def user_password_reset(*, user: User, password: str) -> User:
    """Set the password a person chose through the link mailed to them, and lift the login
    lock on their user name: following the link proved they own the mailbox."""
    with transaction.atomic(durable=True), audited(user, "branches.user.password_reset"):
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password"])
        # The password is not an audited field (its hash is nobody's reading): the row says
        # that it was reset, and by whom (the person themselves).
        LogEntry.objects.log_create(user, action=LogEntry.Action.UPDATE, force_log=True, changes={})
        axes_reset(username=user.get_username())
    return user
