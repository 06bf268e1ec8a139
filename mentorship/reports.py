"""Reports generated in the background: CSV, XLSX and PDF files, with progress and a notification.

An app registers a kind of report with `register_report`; `report_request` checks who asks,
records the request and enqueues `generate_report_task` on commit. The task writes the file
row by row, keeps `progress` current, neutralizes spreadsheet formulas in every text cell,
and tells the requester when the file is ready. Only people the kind allows (and the
requester) can download it. A document kind (`document=True`) builds a whole PDF instead of
rows.
"""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from mentorship.audit import audit
from mentorship.jobs import CenterTask
from mentorship.models import Membership, NotificationKind, Report
from mentorship.notifications import notify, register_audience
from mentorship.xlsx import StreamingSheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRSTS = frozenset(FORMULA_PREFIXES)  # each prefix is one character


def safe_cell(value):
    """A value a spreadsheet will show, never run: text that looks like a formula is
    prefixed with an apostrophe (OWASP's advice against CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass
class ReportKind:
    name: str
    title: object  # a lazy translation
    # Center roles that may request and download it; program staff may if `program_staff`.
    roles: tuple
    program_staff: bool
    # build(report) -> (headers, rows, total): rows is an iterable of lists, total a count
    # (or None) for the progress bar. Runs in the task, inside the report's center scope.
    build: Callable
    # A document's build(report, progress) -> (pdf bytes, pages) writes a PDF instead of
    # rows; it calls progress(percent) between its steps.
    document: bool = False


REPORT_KINDS: dict[str, ReportKind] = {}


def register_report(name: str, *, title, roles=(), program_staff=False, document=False):
    def decorator(build):
        REPORT_KINDS[name] = ReportKind(name, title, tuple(roles), program_staff, build, document)
        # Whoever may request a report is told when it is ready.
        register_audience(NotificationKind.REPORT_READY, roles=roles, program_staff=program_staff)
        return build

    return decorator


def may_use(kind: ReportKind, user, center) -> bool:
    if user.is_program_staff and kind.program_staff:
        return True
    if center is None or not kind.roles:
        return False
    return Membership.objects.filter(
        center=center, user=user, role__in=kind.roles, is_active=True
    ).exists()


@transaction.atomic
def report_request(*, actor, center, kind: str, file_format: str = "xlsx", params=None) -> Report:
    report_kind = REPORT_KINDS.get(kind)
    if report_kind is None or not may_use(report_kind, actor, center):
        raise PermissionDenied(_("You may not request this report."))
    if report_kind.document:
        file_format = Report.Format.PDF
    report = Report.objects.create(
        center=center,
        kind=kind,
        format=file_format if file_format in Report.Format.values else Report.Format.XLSX,
        params=params or {},
        requested_by=actor,
    )
    audit(
        center=center,
        actor=actor,
        verb="report.requested",
        target=report,
        after={"kind": kind, "format": report.format, "params": report.params},
    )
    generate_report_task.enqueue_on_commit(report.pk, center_id=center.pk if center else None)
    return report


def access_report(*, user, center, pk) -> Report:
    """The report if this person may see it here; 404 alike for missing and forbidden."""
    report = Report.objects.filter(pk=pk, center=center).first()
    if report is None:
        raise Http404
    kind = REPORT_KINDS.get(report.kind)
    if report.requested_by_id != user.pk and (kind is None or not may_use(kind, user, center)):
        raise Http404
    return report


def report_url(report) -> str:
    if report.center is None:
        return reverse("program_report", kwargs={"pk": report.pk})
    return reverse("center:report", kwargs={"center_slug": report.center.slug, "pk": report.pk})


# Progress is saved every this many rows at least, and at most a hundred times a report:
# a 500,000-row export costs a hundred small updates, not one per row.
PROGRESS_EVERY = 500


def progress_step(total) -> int:
    return max(PROGRESS_EVERY, (total or 0) // 100)


def _write_rows(report, headers, rows: Iterable, total, sink) -> int:
    count = 0
    step = progress_step(total)
    firsts = _FORMULA_FIRSTS
    for row in rows:
        # safe_cell, inlined: this loop runs for every row of the largest exports.
        sink(["'" + v if isinstance(v, str) and v[:1] in firsts else v for v in row])
        count += 1
        if total and count % step == 0:
            Report.objects.filter(pk=report.pk).update(
                progress=min(99, count * 100 // total), row_count=count
            )
    return count


def report_generate(*, report_id: int) -> bool:
    """Build the file; running it again for a report already started does nothing."""
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).get(pk=report_id)
        if report.status != Report.Status.QUEUED:
            return False
        report.status = Report.Status.RUNNING
        report.save(update_fields=["status"])
    kind = REPORT_KINDS[report.kind]
    if kind.document:
        return _generate_document(report, kind)
    try:
        with override(report.requested_by.language or settings.LANGUAGE_CODE):
            headers, rows, total = kind.build(report)
            headers = [str(h) for h in headers]
            with tempfile.TemporaryFile() as handle:
                if report.format == Report.Format.CSV:
                    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
                    writer = csv.writer(text)
                    writer.writerow(headers)
                    count = _write_rows(report, headers, rows, total, writer.writerow)
                    text.flush()
                    text.detach()
                else:
                    with StreamingSheet(handle, kind.title) as sheet:
                        sheet.append(headers)
                        count = _write_rows(report, headers, rows, total, sheet.append)
                handle.seek(0)
                name = f"{report.kind}-{timezone.localtime():%Y%m%d-%H%M}.{report.format}"
                report.file.save(name, File(handle), save=False)
    except Exception as exc:
        _failed(report, exc)
        raise
    _done(report, kind, count, body=lambda: _("%(rows)d rows.") % {"rows": count})
    return True


def _generate_document(report, kind) -> bool:
    """A document kind's PDF, its pages counted in `row_count`."""

    def progress(percent: int) -> None:
        Report.objects.filter(pk=report.pk).update(progress=max(0, min(99, percent)))

    try:
        with override(report.requested_by.language or settings.LANGUAGE_CODE):
            content, pages = kind.build(report, progress)
            name = f"{report.kind}-{timezone.localtime():%Y%m%d-%H%M}.pdf"
            report.file.save(name, ContentFile(content), save=False)
    except Exception as exc:
        _failed(report, exc)
        raise
    _done(report, kind, pages, body=lambda: _("%(pages)d pages.") % {"pages": pages})
    return True


def _failed(report, exc) -> None:
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
    )


@transaction.atomic
def _done(report, kind, count: int, *, body) -> None:
    """The file is kept and its requester told; `count` is rows, or a document's pages."""
    report.status = Report.Status.DONE
    report.progress = 100
    report.row_count = count
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "progress", "row_count", "file", "finished_at"])
    notify(
        report.requested_by,
        NotificationKind.REPORT_READY,
        center=report.center,
        title=lambda: _("Your report “%(title)s” is ready") % {"title": kind.title},
        body=body,
        url=report_url(report),
    )


# Named as when it lived in `tasks`, so that messages already queued still find it.
@shared_task(base=CenterTask, bind=True, name="mentorship.tasks.generate_report_task")
def generate_report_task(self, report_id, center=None):
    """Write one report file; a duplicate delivery finds it started and does nothing."""
    report_generate(report_id=report_id)
