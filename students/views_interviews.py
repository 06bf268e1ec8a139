"""Pages of interviews and the student's calendar: the enterprise proposes, cancels and
proposes again from the applicant's page; the student answers on the position's page;
both download the interview's .ics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.access import center_member
from mentorship.calendar import ics_bytes
from mentorship.models import Role
from mentorship.views import error_text, form_errors_from
from students import selectors
from students.calendar import interview_item
from students.forms import (
    InterviewCancelForm,
    InterviewChooseForm,
    InterviewOtherTimesForm,
    InterviewProposeForm,
)
from students.services import interviews
from students.services.applications import may_move_applicant
from students.views import _position_page, _url, applicant_page

STUDENT = Role.STUDENT
ENTERPRISE = Role.ENTERPRISE
COORDINATOR = Role.COORDINATOR


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _interview_ics(request, interview, page_url) -> HttpResponse:
    if interview is None or interview.starts_at is None:
        messages.info(request, _("No interview time is fixed yet."))
        return redirect(page_url)
    item = interview_item(interview, url=request.build_absolute_uri(page_url))
    method = "CANCEL" if item.cancelled else "PUBLISH"
    content = ics_bytes([item], name=item.title, method=method)
    return _ics_response(content, f"interview-{interview.application_id}.ics")


# The enterprise's side


def _may_arrange(request, application) -> bool:
    """Coordinators read the applicant's page along; only the enterprise arranges."""
    if may_move_applicant(user=request.user, roles=request.center_roles, application=application):
        return True
    messages.error(request, _("Only the enterprise's representatives arrange interviews."))
    return False


@center_member(COORDINATOR, ENTERPRISE)
@require_POST
def interview_propose(request, pk):
    application = selectors.access_application(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if not _may_arrange(request, application):
        return redirect(_url(request, "applicant_detail", pk=application.pk))
    form = InterviewProposeForm(request.POST, prefix="interview")
    if form.is_valid():
        data = form.cleaned_data
        try:
            interviews.interview_propose(
                center=request.center,
                actor=request.user,
                application=application,
                mode=data["mode"],
                place=data["place"],
                link=data["link"],
                starts=form.times(),
                duration_minutes=data["duration_minutes"],
                note=data["note"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, error_text(error))
                return redirect(_url(request, "applicant_detail", pk=application.pk))
            errors = {("time_1" if k == "times" else k): v for k, v in error.error_dict.items()}
            form_errors_from(form, ValidationError(errors))
        else:
            messages.success(request, _("The interview times are sent to the student."))
            return redirect(_url(request, "applicant_detail", pk=application.pk))
    return applicant_page(request, application, propose_form=form, status=400)


@center_member(COORDINATOR, ENTERPRISE)
@require_POST
def interview_cancel(request, pk):
    application = selectors.access_application(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    if not _may_arrange(request, application):
        return redirect(_url(request, "applicant_detail", pk=application.pk))
    interview = selectors.interview_of(application)
    form = InterviewCancelForm(request.POST, prefix="cancel")
    if interview is None or not form.is_valid():
        raise Http404
    try:
        interviews.interview_cancel(
            center=request.center,
            actor=request.user,
            interview=interview,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The interview is cancelled; the student is told."))
    return redirect(_url(request, "applicant_detail", pk=application.pk))


@center_member(COORDINATOR, ENTERPRISE)
def applicant_interview_ics(request, pk):
    application = selectors.access_application(
        center=request.center, user=request.user, roles=request.center_roles, pk=pk
    )
    interview = selectors.interview_of(application)
    return _interview_ics(request, interview, _url(request, "applicant_detail", pk=pk))


# The student's side


@center_member(STUDENT)
@require_POST
def interview_answer(request, pk):
    """The student takes one of the times (action "choose") or asks for others."""
    position = selectors.access_published_position(center=request.center, pk=pk)
    interview = selectors.own_interview(center=request.center, user=request.user, position=position)
    if interview is None:
        # Someone else's interview, or none yet: the same answer, on the position's page.
        messages.error(request, _("You have no interview for this position."))
        return redirect(_url(request, "position_detail", pk=position.pk))
    action = request.POST.get("action", "")
    if action == "other_times":
        form = InterviewOtherTimesForm(request.POST, prefix="other")
        forms = {"other_times_form": form}
    else:
        form = InterviewChooseForm(request.POST, prefix="choose", interview=interview)
        forms = {"choose_form": form}
    if form.is_valid():
        try:
            if action == "other_times":
                interviews.interview_ask_other_times(
                    center=request.center,
                    actor=request.user,
                    interview=interview,
                    message=form.cleaned_data["message"],
                )
                done = _("Your message is sent; the enterprise will propose other times.")
            else:
                interviews.interview_choose(
                    center=request.center,
                    actor=request.user,
                    interview=interview,
                    slot_id=form.cleaned_data["slot"],
                )
                done = _("The interview time is fixed. Add it to your calendar below.")
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, error_text(error))
                return redirect(_url(request, "position_detail", pk=position.pk))
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            return redirect(_url(request, "position_detail", pk=position.pk))
    return _position_page(request, position, status=400, **forms)


@center_member(STUDENT)
def interview_ics(request, pk):
    position = selectors.access_published_position(center=request.center, pk=pk)
    interview = selectors.own_interview(center=request.center, user=request.user, position=position)
    return _interview_ics(request, interview, _url(request, "position_detail", pk=pk))
