"""Paths to the pages of one service center, for landings, notifications and redirects."""

from django.urls import reverse


def center_url(center, name: str = "center:home", **kwargs) -> str:
    """The path of the page `name` ("center:bases:base_detail") of `center`."""
    return reverse(name, kwargs={"center_slug": center.slug, **kwargs})
