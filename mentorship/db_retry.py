"""A page read while the database dropped its connection is read again on a fresh one.

The pool checks a connection when it hands it out, so one that died while idle costs
nothing; one that dies while a request uses it (a database restart, a failover, an
idle-session killer) fails that request. A read changes nothing, so it is served again on
a new connection instead of answering 500. A change is never repeated: the person sees the
error and the state the database kept.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import DatabaseError, connections

from mentorship.middleware import SAFE_METHODS

logger = logging.getLogger(__name__)

# A backend ends a moment after it is told to (a restart signals them all at once), so a
# connection can pass the pool's check and still be ended under the first retry; twice
# more covers that, and a database that keeps dropping is an outage.
ATTEMPTS = 3
LOST_KEY = "_database_connection_lost"


def _connection_lost() -> bool:
    """Whether a connection this request used is broken (psycopg says so without a query)."""
    for conn in connections.all(initialized_only=True):
        raw = conn.connection
        if raw is not None and (getattr(raw, "broken", False) or getattr(raw, "closed", False)):
            return True
    return False


def _mark_lost(sender, request=None, **kwargs):
    # Sent while Django handles the exception, before it becomes a 500 response.
    if request is not None and isinstance(sys.exc_info()[1], DatabaseError) and _connection_lost():
        setattr(request, LOST_KEY, True)


class RetryReadsMiddleware:
    """Outermost: serves a GET or HEAD again when the database connection was lost."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for attempt in range(1, ATTEMPTS + 1):
            response = self.get_response(request)
            lost = getattr(request, LOST_KEY, False)
            if not lost or request.method not in SAFE_METHODS or attempt == ATTEMPTS:
                return response
            logger.warning("Database connection lost during %s; reading again", request.path)
            for conn in connections.all(initialized_only=True):
                conn.close()
            setattr(request, LOST_KEY, False)
        return response


got_request_exception.connect(_mark_lost, dispatch_uid="mentorship.db_retry")
