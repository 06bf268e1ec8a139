"""Mentorship Program Portal: project package and program core."""

from mentorship.celery import app as celery_app

__all__ = ["celery_app"]
