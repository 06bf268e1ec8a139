"""Pages of background reports: progress while they run, the download when ready."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from mentorship.access import center_member, program_staff_required
from mentorship.models import Report, Role
from mentorship.reports import REPORT_KINDS, access_report
from mentorship.uploads import private_file_response

# The kinds' own roles decide; these are the roles that have any report at all.
REPORT_ROLES = (Role.BUREAU, Role.COORDINATOR, Role.ENTERPRISE)


def _page(request, report):
    return render(
        request,
        "mentorship/report.html",
        {"report": report, "kind": REPORT_KINDS.get(report.kind)},
    )


def _download(report):
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    return private_file_response(report.file, download_name=report.file.name.rsplit("/", 1)[-1])


@center_member(*REPORT_ROLES)
def center_report(request, pk):
    return _page(request, access_report(user=request.user, center=request.center, pk=pk))


@center_member(*REPORT_ROLES)
def center_report_download(request, pk):
    return _download(access_report(user=request.user, center=request.center, pk=pk))


@login_required
@program_staff_required
def program_report(request, pk):
    return _page(request, access_report(user=request.user, center=None, pk=pk))


@login_required
@program_staff_required
def program_report_download(request, pk):
    return _download(access_report(user=request.user, center=None, pk=pk))
