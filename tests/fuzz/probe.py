"""Which fields a view reads: the keys it asks request.POST and request.FILES for during one
request (forms read theirs through their widgets, views through .get / .getlist / `in`)."""

import contextlib

from django.core.handlers.wsgi import WSGIRequest
from django.utils.datastructures import MultiValueDict


@contextlib.contextmanager
def reading(monkeypatch):
    """Yields the set of names read from the POST data and the files while the block runs."""
    watched, names = set(), set()
    load = WSGIRequest._load_post_and_files

    def load_and_watch(self):
        load(self)
        watched.update({id(self._post), id(self._files)})

    def recording(method):
        def wrapper(self, key, *args, **kwargs):
            if id(self) in watched and isinstance(key, str):
                names.add(key)
            return method(self, key, *args, **kwargs)
        return wrapper

    with monkeypatch.context() as patch:
        patch.setattr(WSGIRequest, "_load_post_and_files", load_and_watch)
        for method in ("__getitem__", "_getlist", "__contains__", "get"):
            patch.setattr(MultiValueDict, method, recording(getattr(MultiValueDict, method)))
        yield names
