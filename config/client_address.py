"""The address a request comes from, behind PROXY_COUNT reverse proxies (docs/deploy.md).

django-axes reads it through this function (AXES_CLIENT_IP_CALLABLE): without django-ipware,
which the project does not install, axes ignores AXES_IPWARE_PROXY_COUNT and takes REMOTE_ADDR,
the proxy's own address behind nginx, so every office would share one login lock. The password
reset limit (branches/password_reset.py) asks axes for the address, so both read it alike.
"""

import ipaddress

from django.conf import settings


def client_address(remote_addr: str | None, forwarded_for: str | None, proxy_count: int) -> str | None:
    """The client's address, trusting only what our own proxies wrote.

    Each of the `proxy_count` proxies appends the address it received the request from to
    X-Forwarded-For (nginx, as docs/deploy.md sets it up, replaces the header instead), so the
    `proxy_count`-th entry from the right is the client as our outermost proxy saw it; anything
    left of it came from the client and may be forged. A header shorter than that, or an entry
    that is not an address, means the request did not come through our proxies as configured:
    REMOTE_ADDR is then the only address known.
    """
    if proxy_count > 0 and forwarded_for:
        entries = [entry.strip() for entry in forwarded_for.split(",")]
        if len(entries) >= proxy_count:
            try:
                return str(ipaddress.ip_address(entries[-proxy_count]))
            except ValueError:
                pass
    return remote_addr or None


def request_client_address(request) -> str | None:
    return client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        settings.AXES_IPWARE_PROXY_COUNT,
    )
