"""The client's address behind PROXY_COUNT proxies, as the login lock and the password reset
limit read it (config/client_address.py)."""

import ipaddress

from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from config.client_address import client_address

addresses = st.ip_addresses().map(str)
junk = st.text(alphabet=st.characters(blacklist_characters=","), max_size=20).filter(
    lambda text: not _is_address(text.strip())
)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def test_axes_honours_the_proxy_count(settings):
    """Without django-ipware axes took REMOTE_ADDR whatever PROXY_COUNT said: behind nginx
    every office shared the proxy's address, and one office's failures locked the others."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert get_client_ip_address(request) == "203.0.113.9"


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert get_client_ip_address(request) == "198.51.100.4"


@given(remote=addresses, forwarded=st.lists(addresses, max_size=4))
def test_no_proxy_means_the_socket_address(remote, forwarded):
    assert client_address(remote, ", ".join(forwarded), 0) == remote


@given(remote=addresses, forged=st.lists(st.one_of(addresses, junk), max_size=4),
       written=st.lists(addresses, min_size=1, max_size=3))
def test_only_what_our_proxies_wrote_counts(remote, forged, written):
    """Whatever the client put in front, the entry our outermost proxy wrote is the answer."""
    header = ", ".join([*forged, *written])
    assert client_address(remote, header, len(written)) == str(ipaddress.ip_address(written[0]))


@given(remote=addresses, forwarded=st.lists(addresses, max_size=2), proxies=st.integers(3, 5))
def test_a_header_shorter_than_the_proxies_falls_back_to_the_socket(remote, forwarded, proxies):
    assert client_address(remote, ", ".join(forwarded), proxies) == remote


@given(remote=addresses, entry=junk)
def test_an_entry_that_is_no_address_falls_back_to_the_socket(remote, entry):
    assert client_address(remote, entry, 1) == remote


def test_no_address_at_all_is_none():
    assert client_address(None, None, 1) is None
    assert client_address("", "", 0) is None
