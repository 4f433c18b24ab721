"""What the fuzz test posts: for each field a view reads, hostile text, numbers a form or an
`int()` may choke on, impossible dates, several values where one is expected, or a value that
looks right (so that the view gets past its first check); fields left out, and fields no view
reads."""

import dataclasses

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st


@dataclasses.dataclass(frozen=True)
class Upload:
    """A file to post (built anew for each request: an uploaded file is read once)."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"

    def file(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content, content_type=self.content_type)


HOSTILE = (
    "\x00", "a\x00b", "x" * 100_000, "²", "٣", "１２", "9" * 5000, "-1", "-999999999999999999999", "0",
    "18446744073709551616", "1e309", "NaN", "1.5", "1,2", " 7 ", "", " ",
    "\u202eevil\u202c", "\u200f\u200e", "😀" * 20, "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)", "\t=1", "2026-02-30", "2026-13-01", "0000-00-00", "31/02/2026",
    "25:61", "99:99:99", "true", "null", "[]", "{}", "../../etc/passwd", "%00", "' OR 1=1 --",
)

HOSTILE_FILES = (
    Upload("empty.xlsx", b""),
    Upload("not-a-zip.docx", b"PK\x03\x04 not really a zip"),
    Upload("x.pdf", b"%PDF-1.7\n" + b"\x00" * 100),
    Upload("\u202egpj.exe", b"MZ"),
)


def _texts():
    return st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers(-(2**70), 2**70).map(str))


def _value(valid):
    """One value for a field whose accepted value (if known) is `valid`."""
    if isinstance(valid, Upload):
        return st.one_of(st.just(valid), st.sampled_from(HOSTILE_FILES), _texts())
    looks_right = [st.just(v) for v in (valid if isinstance(valid, list) else [valid]) if v is not None]
    one = st.one_of(*looks_right, _texts()) if looks_right else _texts()
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def payloads(fields: dict) -> st.SearchStrategy[dict]:
    """`fields`: field name -> an accepted value (None when not known). Any of them may be
    missing, and a few fields no view reads may come along."""
    chosen = st.fixed_dictionaries({}, optional={name: _value(valid) for name, valid in fields.items()})
    extra = st.dictionaries(st.sampled_from(["csrfmiddlewaretoken", "pk", "id", "__all__", "x" * 300, "é\x00"]),
                            _texts(), max_size=2)
    return st.builds(lambda a, b: {**b, **a}, chosen, extra)


def encoded(payload: dict) -> dict:
    """The payload as the test client posts it (files built anew)."""
    def one(value):
        return value.file() if isinstance(value, Upload) else value

    return {name: [one(v) for v in value] if isinstance(value, list) else one(value) for name, value in payload.items()}
