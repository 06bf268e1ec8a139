"""The Celery application: Redis broker in production, in-process without REDIS_URL."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

app = Celery("mentorship")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each installed app's `tasks` module; an app whose tasks live deeper imports them there.
app.autodiscover_tasks()
