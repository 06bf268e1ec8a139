"""Pages of face-to-face tutor activities: the activity with its panel and slots, booking,
the take-a-number page at the door, the student's live number and the mentor's queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentors import face_to_face as services
from mentors import face_to_face_selectors as selectors
from mentors.door import qr_svg, take_number_url
from mentors.forms import ActivityForm, DoorEntryForm, FinishForm, SlotsForm, TakeNumberForm
from mentors.selectors import approved_mentors
from mentorship.access import center_member
from mentorship.models import Role
from mentorship.paging import query_without_page, slice_page
from mentorship.request_values import parse_id
from mentorship.views.common import error_text, form_errors_from

S, M, C = Role.STUDENT, Role.MENTOR, Role.COORDINATOR


def _to_activity(request, activity):
    return redirect("center:mentors:activity", center_slug=request.center.slug, pk=activity.pk)


def _to_my_number(request, activity):
    return redirect("center:mentors:my_number", center_slug=request.center.slug, pk=activity.pk)


def _to_queue(request, activity):
    return redirect("center:mentors:queue", center_slug=request.center.slug, pk=activity.pk)


def _run(request, act, done: str) -> bool:
    """A one-click service; a refusal is shown as a message."""
    try:
        act()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, done)
    return True


# The activity


@center_member(C, M, S)
def activity_list(request):
    when = "past" if request.GET.get("when") == "past" else ""
    rows = selectors.activities(center=request.center, when=when)
    page = slice_page(rows, request.GET.get("page"), per_page=20)
    return render(
        request,
        "mentors/activities.html",
        {"page": page, "when": when, "query": query_without_page(request.GET)},
    )


@center_member(C)
def activity_create(request):
    approvals = list(approved_mentors(center=request.center)[:200])
    form = ActivityForm(request.POST or None, approvals=approvals)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                center=request.center, actor=request.user, **form.service_data()
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The activity is set up; its mentors are told."))
            return _to_activity(request, activity)
    return render(request, "mentors/activity_form.html", {"form": form})


def _detail(request, activity, slots_form=None, status=200):
    roles = request.center_roles
    seat = selectors.seat_of(activity=activity, user=request.user) if M in roles else None
    slots = list(selectors.slots_of(activity)[:300])
    panel = selectors.panel_of(activity)
    by_mentor = {s.mentor_id: [] for s in panel}
    for slot in slots:
        by_mentor.setdefault(slot.mentor_id, []).append(slot)
    coordinator = C in roles
    reach = selectors.reach_of_activity(activity) if coordinator else None
    for s in panel:
        s.slot_list = by_mentor.get(s.mentor_id, [])
        s.reach = (reach or {}).get("by_mentor", {}).get(s.mentor_id)
        s.mine = seat is not None and s.pk == seat.pk
    booked = [slot for slot in slots if slot.student_id == request.user.pk]
    context = {
        "activity": activity,
        "panel": panel,
        "seat": seat,
        "booked": booked,
        "booked_mentors": {slot.mentor_id for slot in booked},
        "is_student": S in roles,
        "is_coordinator": coordinator,
        "now": timezone.now(),
        "slots_form": slots_form or (SlotsForm(initial={"first_start": activity.starts_at})),
        "reach": reach,
        "center_reach": selectors.reach_of_center(request.center) if coordinator else None,
    }
    if coordinator or seat is not None:
        context["qr"] = qr_svg(activity)
        context["take_url"] = take_number_url(activity)
    return render(request, "mentors/activity.html", context, status=status)


@center_member(C, M, S)
def activity_detail(request, pk):
    activity = selectors.access_activity(center=request.center, pk=pk)
    return _detail(request, activity)


@center_member(M)
@require_POST
def slots_publish(request, pk):
    activity = selectors.access_activity(center=request.center, pk=pk)
    form = SlotsForm(request.POST)
    if form.is_valid():
        try:
            slots = services.slots_publish(
                center=request.center, actor=request.user, activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            messages.error(request, error_text(error))
            return _to_activity(request, activity)
        else:
            messages.success(
                request, _("%(n)s slots are published for students to book.") % {"n": len(slots)}
            )
            return _to_activity(request, activity)
    return _detail(request, activity, slots_form=form)


@center_member(S)
@require_POST
def slot_book(request, pk):
    slot = selectors.access_slot(center=request.center, pk=pk)
    _run(
        request,
        lambda: services.slot_book(center=request.center, actor=request.user, slot=slot),
        _("The slot is yours. You will be reminded the day before."),
    )
    return _to_activity(request, slot.activity)


@center_member(S)
@require_POST
def slot_cancel(request, pk):
    slot = selectors.access_slot(center=request.center, pk=pk)
    _run(
        request,
        lambda: services.slot_cancel(center=request.center, actor=request.user, slot=slot),
        _("Your booking is cancelled; the slot is free for others."),
    )
    return _to_activity(request, slot.activity)


@center_member(M)
@require_POST
def slot_outcome(request, pk):
    slot = selectors.access_slot(center=request.center, pk=pk)
    form = FinishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the consultation was held."))
        return _to_activity(request, slot.activity)
    held = form.cleaned_data["outcome"] == "done"
    _run(
        request,
        lambda: services.slot_record_outcome(
            center=request.center, actor=request.user, slot=slot, **form.cleaned_data
        ),
        _("The consultation is recorded as held.") if held else _("The student is marked absent."),
    )
    return _to_activity(request, slot.activity)


# At the door


@center_member(S)
def walk_in(request):
    form = DoorEntryForm(request.GET or None)
    if form.is_valid():
        code = services.normalize_door_code(form.cleaned_data["code"])
        activity = selectors.activity_by_door_code(center=request.center, code=code)
        if activity is not None:
            return redirect(
                "center:mentors:walk_in_take", center_slug=request.center.slug, code=code
            )
        form.add_error("code", _("No activity has this door code. Check the poster."))
    return render(request, "mentors/walk_in.html", {"form": form})


@center_member(S)
def walk_in_take(request, code):
    activity = selectors.activity_by_door_code(
        center=request.center, code=services.normalize_door_code(code)
    )
    if activity is None:
        raise Http404
    seats = selectors.panel_of(activity)
    form = TakeNumberForm(request.POST or None, seats=seats)
    if request.method == "POST" and form.is_valid():
        try:
            services.ticket_take(
                center=request.center, actor=request.user, activity=activity, seat=form.chosen()
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            return _to_my_number(request, activity)
    tickets = selectors.my_tickets(activity=activity, user=request.user)
    return render(
        request,
        "mentors/walk_in_take.html",
        {"activity": activity, "form": form, "tickets": tickets},
    )


def _my_number_context(request, activity) -> dict:
    return {
        "activity": activity,
        "tickets": selectors.my_tickets(activity=activity, user=request.user),
    }


@center_member(S)
def my_number(request, pk):
    activity = selectors.access_activity(center=request.center, pk=pk)
    return render(request, "mentors/my_number.html", _my_number_context(request, activity))


@center_member(S)
def my_number_status(request, pk):
    """The live part of the student's page, fetched again every few seconds."""
    activity = selectors.access_activity(center=request.center, pk=pk)
    response = render(
        request, "mentors/_my_number_live.html", _my_number_context(request, activity)
    )
    response["Cache-Control"] = "no-store"
    return response


@center_member(S)
@require_POST
def ticket_leave(request, pk):
    activity = selectors.access_activity(center=request.center, pk=pk)
    ticket = (
        selectors.tickets_of(activity)
        .filter(student=request.user, pk=parse_id(request.POST.get("ticket")) or 0)
        .first()
    )
    if ticket is None:
        messages.error(request, _("Choose one of your numbers."))
        return _to_my_number(request, activity)
    _run(
        request,
        lambda: services.ticket_leave(center=request.center, actor=request.user, ticket=ticket),
        _("You gave up your number."),
    )
    return _to_my_number(request, activity)


@center_member(S)
@require_POST
def consultation_pair(request, pk):
    activity = selectors.access_activity(center=request.center, pk=pk)
    seat = (
        activity.panel.select_related("mentor__user")
        .filter(mentor_id=parse_id(request.POST.get("mentor")) or 0)
        .first()
    )
    if seat is None:
        messages.error(request, _("Choose a mentor of this activity."))
        return _to_my_number(request, activity)
    done = _run(
        request,
        lambda: services.consultation_pairing_request(
            center=request.center, actor=request.user, activity=activity, mentor=seat.mentor
        ),
        _("Your pairing request is sent to %(mentor)s.")
        % {"mentor": seat.mentor.user.get_full_name()},
    )
    if done:
        return redirect("center:mentors:pairings", center_slug=request.center.slug)
    return _to_my_number(request, activity)


# The mentor's queue


def _queue_seat(request, activity):
    return selectors.access_queue_seat(
        activity=activity,
        user=request.user,
        roles=request.center_roles,
        mentor_id=parse_id(request.GET.get("mentor")),
    )


@center_member(C, M)
def queue(request, pk):
    activity = selectors.access_activity(center=request.center, pk=pk)
    seat = _queue_seat(request, activity)
    context = {
        "activity": activity,
        "seat": seat,
        "mine": seat.mentor.user_id == request.user.pk,
        "panel": selectors.panel_of(activity) if C in request.center_roles else [],
        "finish_form": FinishForm(),
        **selectors.queue_of(seat),
    }
    return render(request, "mentors/queue.html", context)


@center_member(C, M)
def queue_waiting(request, pk):
    """The live list of numbers waiting, fetched again every few seconds."""
    activity = selectors.access_activity(center=request.center, pk=pk)
    seat = _queue_seat(request, activity)
    response = render(
        request,
        "mentors/_queue_live.html",
        {"activity": activity, "seat": seat, **selectors.queue_of(seat)},
    )
    response["Cache-Control"] = "no-store"
    return response


@center_member(M)
@require_POST
def queue_call(request, pk):
    activity = selectors.access_activity(center=request.center, pk=pk)
    try:
        ticket = services.queue_call_next(
            center=request.center, actor=request.user, activity=activity
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        if ticket is None:
            messages.info(request, _("Nobody is waiting."))
        else:
            messages.success(request, _("Number %(n)s is called.") % {"n": ticket.number})
    return _to_queue(request, activity)


@center_member(M)
@require_POST
def ticket_finish(request, pk, ticket_pk):
    activity = selectors.access_activity(center=request.center, pk=pk)
    ticket = get_object_or_404(selectors.tickets_of(activity), pk=ticket_pk)
    form = FinishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for f in form.errors.values() for e in f))
        return _to_queue(request, activity)
    _run(
        request,
        lambda: services.ticket_finish(
            center=request.center, actor=request.user, ticket=ticket, **form.cleaned_data
        ),
        _("Number %(n)s is finished.") % {"n": ticket.number},
    )
    return _to_queue(request, activity)
