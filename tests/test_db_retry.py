"""How often a page read is served again after its database connection was lost, and that a
change never is (the database's side of it: tests/test_database_dropped.py)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from mentorship.db_retry import ATTEMPTS, LOST_KEY, RetryReadsMiddleware


class LosesConnection:
    """A view whose connection is lost on the first `times` calls."""

    def __init__(self, times: int):
        self.times = times
        self.calls = 0

    def __call__(self, request):
        self.calls += 1
        if self.calls <= self.times:
            setattr(request, LOST_KEY, True)
            return HttpResponse(status=500)
        return HttpResponse("read")


@pytest.mark.parametrize("lost", range(1, ATTEMPTS))
def test_a_read_is_served_again_until_a_connection_holds(lost):
    view = LosesConnection(times=lost)
    response = RetryReadsMiddleware(view)(RequestFactory().get("/c/alpha/internships/"))
    assert (response.status_code, view.calls) == (200, lost + 1)


def test_a_database_that_keeps_dropping_is_an_error_after_the_last_attempt():
    view = LosesConnection(times=ATTEMPTS + 5)
    response = RetryReadsMiddleware(view)(RequestFactory().get("/c/alpha/internships/"))
    assert (response.status_code, view.calls) == (500, ATTEMPTS)


def test_a_change_is_never_repeated():
    view = LosesConnection(times=1)
    response = RetryReadsMiddleware(view)(RequestFactory().post("/c/alpha/internships/1/apply/"))
    assert (response.status_code, view.calls) == (500, 1)
