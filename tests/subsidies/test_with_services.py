"""On PostgreSQL and Redis: claims racing for the same placement-months, and the queue's
export written by a real Celery worker."""

import os
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from mentorship.celery import app as celery_app
from mentorship.models import Notification, NotificationKind, Report, Role
from mentorship.reports import report_request, report_url
from mentorship.scoping import center_scope
from mentorship.tasks import generate_report_task
from subsidies import selectors, services
from subsidies.models import SubsidyClaim, SubsidyLine, SubsidyMonth
from tests.subsidies.factories import claim_row, internship_base, placement
from tests.support import require_or_skip

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.services,
    pytest.mark.usefixtures("unscoped"),
]


def in_threads(*calls):
    """Run each call in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the outcome the test looks at
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_claims_racing_for_the_same_months_only_one_gets_them(postgres, center, member_factory):
    first, second = member_factory(center, Role.ENTERPRISE), member_factory(center, Role.ENTERPRISE)
    base = internship_base(center, first, second)
    interns = [placement(base, date(2025, 6, 1), date(2025, 12, 1)) for _ in range(3)]

    def open_as(rep):
        def call():
            with center_scope(center):
                return services.subsidy_claim_open(
                    center=center, actor=rep, base=base, year=2025, number=3
                )

        return call

    results = in_threads(open_as(first), open_as(second))
    claims = [r for r in results if isinstance(r, SubsidyClaim)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(claims) == 1 and len(refusals) == 1, results
    with center_scope(center):
        assert SubsidyClaim.objects.count() == 1
        assert SubsidyMonth.objects.count() == 9  # three interns, three months, once each
        assert claims[0].claimed_amount == Decimal("18000.00")
    assert {p.pk for p in interns} == set(
        SubsidyMonth.objects.values_list("placement_id", flat=True)
    )


def test_the_ledger_takes_a_placement_month_once_whatever_the_path(
    postgres, center, member_factory
):
    """Two transactions writing the same placement-month without the application's lock:
    the second waits for the first, then fails."""
    rep = member_factory(center, Role.ENTERPRISE)
    base = internship_base(center, rep)
    intern = placement(base, date(2025, 6, 1), date(2025, 12, 1))
    lines = []
    for number in (1, 2):
        claim = claim_row(center, base, number)
        lines.append(
            SubsidyLine.objects.create(
                center=center,
                claim=claim,
                placement=intern,
                first_day=intern.start_date,
                last_day=date(2025, 11, 30),
            )
        )
    first_wrote = threading.Event()

    def take(line, *, first):
        def call():
            with center_scope(center), transaction.atomic():
                if not first:
                    first_wrote.wait(timeout=10)
                SubsidyMonth.objects.create(
                    center=center,
                    placement=intern,
                    month=date(2025, 7, 1),
                    share_numerator=1,
                    share_denominator=1,
                    line=line,
                )
                if first:
                    first_wrote.set()
                    # Hold the row uncommitted while the other transaction tries.
                    threading.Event().wait(0.5)
            return line.pk

        return call

    results = in_threads(take(lines[0], first=True), take(lines[1], first=False))
    assert results[0] == lines[0].pk
    assert isinstance(results[1], IntegrityError)
    assert list(SubsidyMonth.objects.values_list("line_id", flat=True)) == [lines[0].pk]


@pytest.fixture
def real_worker(postgres, settings):
    require_or_skip(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    celery_app.control.purge()
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30
    ) as worker:
        yield worker


def test_export_on_a_real_worker_has_exactly_the_rows_of_the_queue_filter(
    real_worker, center, member_factory
):
    from openpyxl import load_workbook

    bureau = member_factory(center, Role.BUREAU)
    bases = [internship_base(center) for _ in range(3)]
    statuses = [
        SubsidyClaim.Status.SUBMITTED,
        SubsidyClaim.Status.UNDER_REVIEW,
        SubsidyClaim.Status.REJECTED,
        SubsidyClaim.Status.PAID,
    ]
    for b, base in enumerate(bases):
        for number in range(1, 9):
            status = statuses[(number + b) % len(statuses)]
            extra = {"payment_reference": f"=CMD|{number}"} if status == "paid" else {}
            claim_row(center, base, number, status=status, **extra)
    filters = {
        "status": "all",
        "base": bases[1].pk,
        "period": "",
        "amount_min": "6003",
        "amount_max": "",
        "sort": "amount_desc",
    }
    with center_scope(center):
        expected = list(
            selectors.claim_queue(center=center, **filters).values_list("pk", flat=True)
        )
        report = report_request(
            actor=bureau, center=center, kind="subsidy_claims", file_format="xlsx", params=filters
        )
    # A second delivery of the same task, and the barrier for the first one.
    generate_report_task.apply_async(args=[report.pk], kwargs={"center_id": center.pk}).get(
        timeout=60
    )
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    sheet = load_workbook(report.file.open("rb")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == expected
    assert 0 < len(expected) < 24
    assert report.row_count == len(expected)
    references = {row[-1] for row in rows[1:] if row[-1]}
    assert references and all(ref.startswith("'=") for ref in references)
    ready = Notification.objects.filter(user=bureau, kind=NotificationKind.REPORT_READY).get()
    assert ready.url == report_url(report)
