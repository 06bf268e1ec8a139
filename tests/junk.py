"""Junk for every input a page has, found rather than listed: the query parameters and
posted fields its view reads (recorded while it runs) and the fields of the forms it shows.

A new page, parameter or form field is tried with junk by existing, like a new URL joins
the isolation matrix. `JunkRun` collects every server error of a page, so one run names
them all.
"""

import traceback
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

from django.http import QueryDict
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parent.parent

# Mixed junk, one kind per parameter the project's pages are known to read.
JUNK_QUERY = {
    "page": "-1",
    "q": "'; DROP TABLE x; --\x00",
    "status": "nonsense",
    "sort": "../../etc",
    "min_stipend": "abc",
    "period": "2026-Q9",
    "state": "x" * 300,
}
JUNK_POST = {**JUNK_QUERY, "to": "nowhere", "amount": "1e999", "format": "exe", "pk": "x"}

# Each value is sent in every parameter at once.
JUNK_VALUES = (
    "99999999999999999999999",  # more than any integer column holds
    "-1",
    "0",
    "1e999",
    "x" * 5000,
    "页" * 5000,  # overlong and not ASCII
    "'; DROP TABLE x; --\x00",
    "../../etc",
)

# Forms every page carries in its layout: tried at their own URL, not from every page.
LAYOUT_FORM_TARGETS = frozenset({"set_language"})


@contextmanager
def keys_read():
    """The names a view looks up in request.GET or request.POST (forms included)."""
    keys: set[str] = set()

    def recording(original):
        def lookup(self, key, *args, **kwargs):
            if isinstance(key, str):
                keys.add(key)
            return original(self, key, *args, **kwargs)

        return lookup

    with ExitStack() as stack:
        for name in ("__getitem__", "__contains__", "get", "getlist"):
            original = getattr(QueryDict, name)
            stack.enter_context(mock.patch.object(QueryDict, name, recording(original)))
        yield keys


@dataclass
class Field:
    """What the page tells of a field: its tag, its type, the choices a select offers, the
    value it was drawn with."""

    tag: str
    kind: str
    value: str = ""
    choices: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    fields: list[str] = field(default_factory=list)
    # (name, value) of each named submit button: the value picks what the view does.
    buttons: list[tuple[str, str]] = field(default_factory=list)
    kinds: dict[str, Field] = field(default_factory=dict)

    def names(self) -> set[str]:
        return set(self.fields) | {name for name, _ in self.buttons}

    def submissions(self, value: str) -> list[dict]:
        """Every field junk, once with each button pressed and once with junk buttons."""
        junk = dict.fromkeys(self.names(), value)
        return [junk] + [{**junk, name: pressed} for name, pressed in dict.fromkeys(self.buttons)]


class FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self._select is not None:
            self._select.choices.append(attrs.get("value") or "")
            return
        if tag == "form":
            self._form = Form(
                method=(attrs.get("method") or "get").lower(), action=attrs.get("action") or ""
            )
            self.forms.append(self._form)
            return
        name = attrs.get("name")
        if self._form is None or not name:
            return
        kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
        if tag in ("input", "button") and kind in ("submit", "image"):
            self._form.buttons.append((name, attrs.get("value") or ""))
        elif tag in ("input", "select", "textarea") and kind not in ("button", "reset"):
            self._form.fields.append(name)
            described = Field(tag=tag, kind=kind, value=attrs.get("value") or "")
            self._form.kinds.setdefault(name, described)
            if tag == "select":
                self._select = described

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(response) -> list[Form]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.forms


def target_of(form: Form, page_path: str) -> str | None:
    """Where the form posts, if it is a page of this site."""
    parts = urlsplit(form.action)
    if parts.scheme or parts.netloc:
        return None
    return parts.path or page_path


def url_name_of(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


def where(error: BaseException) -> str:
    """The innermost line of the project's own code that raised, and the error."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(str(ROOT)) and "/.venv/" not in frame.filename
    ]
    place = f"{Path(frames[-1].filename).relative_to(ROOT)}:{frames[-1].lineno} " if frames else ""
    return place + "".join(traceback.format_exception_only(error)).strip()[:300]


@dataclass
class JunkRun:
    client: object
    failures: list[str] = field(default_factory=list)

    def send(self, method: str, path: str, data: dict) -> tuple[object, set[str]]:
        """Send; remember a server error (raised or answered) instead of stopping."""
        with keys_read() as keys:
            try:
                response = getattr(self.client, method)(path, data)
            except Exception as error:  # the test client re-raises what the view raised
                self.failures.append(f"{method.upper()} {path} {sorted(data)}: {where(error)}")
                return None, keys
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {path} {sorted(data)}: {response.status_code}")
        return response, keys

    def query(self, path: str) -> None:
        """Junk in every parameter the page reads or its search forms send."""
        _, keys = self.send("get", path, JUNK_QUERY)
        clean, clean_keys = self.send("get", path, {})
        names = set(JUNK_QUERY) | keys | clean_keys
        for form in forms_of(clean):
            if form.method == "get" and target_of(form, path) == path:
                names |= form.names()
        for value in JUNK_VALUES:
            _, more = self.send("get", path, dict.fromkeys(names, value))
            names |= more

    def post(self, path: str, *, family) -> None:
        """Junk in every field the view reads and every field of the forms on its page.

        `family(url_name)` tells which form targets belong to the matrix being run.
        """
        page, _ = self.send("get", path, {})
        _, names = self.send("post", path, JUNK_POST)
        names |= set(JUNK_POST)
        tried = set()
        for value in JUNK_VALUES:
            _, more = self.send("post", path, dict.fromkeys(names, value))
            names |= more
            for form in forms_of(page):
                target = target_of(form, path)
                name = url_name_of(target) if target else ""
                if form.method != "post" or not family(name) or name in LAYOUT_FORM_TARGETS:
                    continue
                for data in form.submissions(value):
                    key = (name, tuple(sorted(data.items())))
                    if key not in tried:
                        tried.add(key)
                        self.send("post", target, data)

    def assert_no_server_error(self):
        assert not self.failures, "server errors:\n" + "\n".join(self.failures)
