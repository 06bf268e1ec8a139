"""The tenant-isolation matrix: every URL under /c/<center-slug>/, found by walking the
URLconf, against every kind of visitor who must not reach another center's rows; and the
site matrix: every URL of our own views outside it (program staff, notifications, account).

A URL joins its matrix by existing. A URL whose path carries a row (a pk, a token) also
needs a row maker in ROW_MAKERS: the matrix test fails until it has one. Each app adds
its makers with `row_maker("center:url_name")` (or the bare name of a site URL).
"""

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django_scopes import scopes_disabled


@dataclass
class Row:
    kwargs: dict
    # Text that appears only on a page showing this row: it must never leak to the wrong
    # visitor.
    secret: str = ""
    # The role the positive control signs in with, when the view allows several but this
    # row is for one of them (e.g. a coordinator's report).
    role: str = ""


# url name -> function(center) -> Row, creating a row of that center.
ROW_MAKERS: dict[str, Callable] = {}


def row_maker(url_name: str):
    def register(func):
        ROW_MAKERS[url_name] = func
        return func

    return register


@dataclass
class MatrixURL:
    name: str
    route: str
    view: Callable
    path_kwargs: tuple[str, ...]
    # The path's <int:...> parts: ids a visitor can type.
    id_kwargs: tuple[str, ...] = ()

    @property
    def access(self):
        return getattr(self.view, "center_access", None)

    def __str__(self):
        return self.name


def _walk(patterns, prefix, route) -> Iterator[MatrixURL]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            converters = pattern.pattern.converters
            yield MatrixURL(
                name=prefix + pattern.name,
                route=route + str(pattern.pattern),
                view=pattern.callback,
                path_kwargs=tuple(converters),
                id_kwargs=tuple(k for k, c in converters.items() if isinstance(c, IntConverter)),
            )


def center_urls() -> list[MatrixURL]:
    """Every named URL below /c/<center_slug>/."""
    found = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and "center_slug" in str(pattern.pattern):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            found.extend(_walk(pattern.url_patterns, namespace, str(pattern.pattern)))
    return found


# Apps whose views the site matrix tries; sign-in (allauth) and the admin are not ours.
OWN_APPS = (
    "mentorship",
    "bases",
    "students",
    "subsidies",
    "events",
    "mentors",
    "projects",
    "outcomes",
)


def site_urls() -> list[MatrixURL]:
    """Every named URL of our own views outside /c/<center_slug>/."""
    outside = [
        pattern
        for pattern in get_resolver().url_patterns
        if not (isinstance(pattern, URLResolver) and "center_slug" in str(pattern.pattern))
    ]
    return [url for url in _walk(outside, "", "") if url.view.__module__.split(".")[0] in OWN_APPS]


def load_row_makers() -> None:
    """Import every module that registers row makers: this one's and tests/<app>/rows.py."""
    importlib.import_module("tests.isolation_rows")
    for rows_module in sorted(Path(__file__).parent.glob("*/rows.py")):
        importlib.import_module(f"tests.{rows_module.parent.name}.rows")


def needs_row(url) -> bool:
    return bool(set(url.path_kwargs) - {"center_slug"})


def make_row(url, center) -> Row:
    if not needs_row(url):
        return Row({})
    with scopes_disabled():
        return ROW_MAKERS[url.name](center)
