"""The tenant-isolation matrix: every URL under /c/<center-slug>/, found by walking the
URLconf, against every kind of visitor who must not reach another center's rows.

A URL joins the matrix by existing. A URL whose path carries a row (a pk, a token) also
needs a row maker in ROW_MAKERS: the matrix test fails until it has one. Each app adds
its makers with `row_maker("center:url_name")`.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


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
class CenterURL:
    name: str
    route: str
    view: Callable
    path_kwargs: tuple[str, ...]

    @property
    def access(self):
        return getattr(self.view, "center_access", None)

    def __str__(self):
        return self.name


def _walk(patterns, prefix, route) -> Iterator[CenterURL]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            keys = tuple(pattern.pattern.converters)
            yield CenterURL(
                name=prefix + pattern.name,
                route=route + str(pattern.pattern),
                view=pattern.callback,
                path_kwargs=keys,
            )


def center_urls() -> list[CenterURL]:
    """Every named URL below /c/<center_slug>/."""
    found = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and "center_slug" in str(pattern.pattern):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            found.extend(_walk(pattern.url_patterns, namespace, str(pattern.pattern)))
    return found
