"""Pages of events: the public list and page, and the coordinators' management."""

from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bases.selectors import is_representative, represented_enterprises
from events import selectors, services
from events.forms import (
    BoothApplyForm,
    BoothDecideForm,
    CancelForm,
    CoOrganizersForm,
    DoorCodeForm,
    DoorSearchForm,
    DoorStaffForm,
    EventForm,
    EventSessionForm,
    EventSettingsForm,
    ExportForm,
    HostForm,
    PartnerAnswerForm,
    PartnerInviteForm,
    ReviewForm,
    SpeakerForm,
    WalkInForm,
)
from events.models import DoorScan
from events.tickets import event_calendar, qr_svg
from mentorship.access import center_member, center_public
from mentorship.links import center_url
from mentorship.mail import absolute_url
from mentorship.models import Role
from mentorship.paging import slice_page
from mentorship.reports import report_request, report_url
from mentorship.request_values import parse_id
from mentorship.scoping import own_rows_across_centers, shared_with_center
from mentorship.views.common import error_text, form_errors_from
from students.forms import ApplyForm
from students.models import StudentProfile


def _detail(request, event):
    return redirect("center:events:detail", center_slug=request.center.slug, pk=event.pk)


def _shared(request, reason: str, *, audited: bool = False):
    """The center's shared scope: its own events and those it co-organizes."""
    return shared_with_center(request.center, actor=request.user, reason=reason, audited=audited)


def event_page(view=None, *, audited: bool = False):
    """A page of one event that a co-organizing center opens too: another center's event
    is read in the visiting center's shared scope, its own events as always. Staff pages
    that show the other center's people say `audited=True`."""
    if view is None:
        return partial(event_page, audited=audited)

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        if selectors.is_own_event(center=request.center, pk=pk):
            return view(request, pk, *args, **kwargs)
        with _shared(request, f"{view.__name__}: event {pk}", audited=audited):
            return view(request, pk, *args, **kwargs)

    return wrapper


@center_public
def event_list(request):
    with _shared(request, "upcoming events"):
        page = slice_page(selectors.upcoming_events(center=request.center), request.GET.get("page"))
        return render(request, "events/list.html", {"page": page})


@center_public
@event_page
def event_detail(request, pk):
    event = selectors.access_event_for(center=request.center, roles=request.center_roles, pk=pk)
    # The visitor's registrations, read once in the visitor's own scope (a co-organizing
    # center's shared scope for another center's event): the event's, each session's and
    # the one they came with are picked from them.
    mine = selectors.visitor_registrations(event=event, user=request.user)
    registration = selectors.pick_registration(mine)
    sessions = selectors.event_sessions(event=event)
    own = event.center_id == request.center.pk
    # A co-organizing center reads only its own students' seats; the free places and the
    # places in line are the organizer's to count.
    with services.seats_of(request.center, event):
        attendance = selectors.attendance(event=event, sessions=sessions)
        position = selectors.waitlist_position(registration) if registration else None
        session_rows = [_session_row(event, part, mine) for part in attendance["sessions"]]
    universities = list(event.eligible_universities.all())
    context = {
        "own_event": own,
        "organizer": None if own else event.center,
        "partners": selectors.partnerships(event=event)
        if own and Role.COORDINATOR in request.center_roles
        else [],
        "event": event,
        "cancel_form": CancelForm(),
        "registration": registration,
        "offer": registration.open_offer if registration else None,
        "waitlist_position": position,
        "attendance": attendance,
        "session_rows": session_rows,
        "universities": universities,
        "speakers": selectors.speakers(event=event),
        "co_organizers": list(event.co_organizers.all()),
        "host": _host_name(event),
        "degrees": _degree_names(event),
        "may_keep_door": services.may_keep_door(
            request.user, request.center, event, roles=request.center_roles
        ),
        "now": timezone.now(),
    }
    active = registration is not None and registration.status in registration.ACTIVE
    if Role.STUDENT in request.center_roles and (sessions or not active):
        profile = selectors.student_profile(center=request.center, user=request.user)
        context["problems"] = services.eligibility_problems(
            event,
            profile,
            # The center's own event shows every eligible university; another center's
            # hides the organizer's, so its link table is read.
            universities={u.pk for u in universities} if own else None,
        )
    attended = selectors.pick_attended(mine)
    if attended and context["now"] >= event.ends_at and not hasattr(attended, "review"):
        context["review_form"] = ReviewForm()
    context["my_review"] = getattr(attended, "review", None) if attended else None
    return render(request, "events/detail.html", context)


def _session_row(event, part, mine):
    """One session on the event page: its figures and the visitor's place in it."""
    registration = selectors.pick_registration(mine, part["session"])
    return {
        "session": part["session"],
        "figures": part,
        "registration": registration,
        "offer": registration.open_offer if registration else None,
        "waitlist_position": selectors.waitlist_position(registration) if registration else None,
    }


def _session(request, event):
    """The session a form or an address names (?session= or a posted field); None for an
    event without sessions. A session of another event is not found."""
    pk = parse_id(request.POST.get("session") or request.GET.get("session"))
    return selectors.access_session(event=event, pk=pk) if pk else None


def _host_name(event):
    return str(event.host_base.enterprise) if event.host_base_id else ""


def _degree_names(event):
    names = dict(StudentProfile.Degree.choices)
    return [names[d] for d in event.eligible_degrees if d in names]


@center_member(Role.STUDENT)
def my_registrations(request):
    with _shared(request, "own registrations"):
        page = slice_page(
            selectors.own_registrations(center=request.center, user=request.user),
            request.GET.get("page"),
        )
        return render(request, "events/mine.html", {"page": page})


@center_member(Role.COORDINATOR)
def event_manage(request):
    page = slice_page(selectors.center_events(center=request.center), request.GET.get("page"))
    return render(request, "events/manage.html", {"page": page})


@center_member(Role.COORDINATOR)
def event_create(request):
    return _edit(request, None)


@center_member(Role.COORDINATOR)
def event_edit(request, pk):
    return _edit(request, selectors.access_event(center=request.center, pk=pk))


def _edit(request, event):
    form = EventForm(request.POST or None, instance=event, center=request.center)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(
                center=request.center, actor=request.user, event=event, **form.service_data()
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return _detail(request, saved)
    return render(request, "events/form.html", {"form": form, "event": event})


@center_member(Role.COORDINATOR)
@require_POST
def event_publish(request, pk):
    event = selectors.access_event(center=request.center, pk=pk)
    try:
        services.event_publish(center=request.center, actor=request.user, event=event)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The event is published on the center's pages."))
    return _detail(request, event)


@center_member(Role.COORDINATOR)
@require_POST
def event_cancel(request, pk):
    event = selectors.access_event(center=request.center, pk=pk)
    form = CancelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the event is cancelled."))
        services.event_cancel(
            center=request.center, actor=request.user, event=event, **form.cleaned_data
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The event is cancelled."))
    return _detail(request, event)


def _run_form(request, form, act, done: str) -> bool:
    """Run a service with a valid form's data: its objections to fields go to the form,
    a refusal to the page's message."""
    if not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except ValidationError as error:
        form_errors_from(form, error)
    except PermissionDenied as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
        return True
    return False


def _run(request, act, done: str) -> bool:
    """Run a service; its refusal becomes the page's message."""
    try:
        act()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, done)
    return True


@center_member(Role.STUDENT)
@require_POST
@event_page
def registration_create(request, pk):
    event = selectors.access_public_event(center=request.center, pk=pk)
    try:
        registration = services.registration_create(
            center=request.center, actor=request.user, event=event, session=_session(request, event)
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        if registration.status == registration.Status.REGISTERED:
            messages.success(request, _("You are registered for this event."))
        else:
            messages.info(request, _("The event is full: you are on the waitlist."))
    return _detail(request, event)


def _own(request, pk):
    """The event and the visitor's registration for it or for the session named (None when
    they have none)."""
    event = selectors.access_public_event(center=request.center, pk=pk)
    session = _session(request, event)
    return event, selectors.own_registration(event=event, user=request.user, session=session)


@center_member(Role.STUDENT)
@require_POST
@event_page
def registration_cancel(request, pk):
    event, registration = _own(request, pk)
    if registration is None:
        messages.error(request, _("You have no registration for this event."))
        return _detail(request, event)
    _run(
        request,
        lambda: services.registration_cancel(
            center=request.center, actor=request.user, registration=registration
        ),
        _("Your registration is cancelled."),
    )
    return _detail(request, event)


@center_member(Role.STUDENT)
@require_POST
@event_page
def offer_confirm(request, pk):
    event, registration = _own(request, pk)
    if registration is None:
        messages.error(request, _("You have no registration for this event."))
        return _detail(request, event)
    done = _run(
        request,
        lambda: services.offer_confirm(
            center=request.center, actor=request.user, registration=registration
        ),
        _("The seat is yours. Here is your ticket."),
    )
    if done:
        url = center_url(request.center, "center:events:ticket", pk=event.pk)
        session = registration.session_id
        return redirect(f"{url}?session={session}" if session else url)
    return _detail(request, event)


@center_member(Role.STUDENT)
@event_page
def ticket(request, pk):
    event, registration = _own(request, pk)
    if registration is None:
        messages.info(request, _("You have no registration for this event."))
        return _detail(request, event)
    seated = registration.status == registration.Status.REGISTERED
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": event,
            "session": registration.session,
            "qr": qr_svg(registration) if seated else "",
        },
    )


@center_public
@event_page
def event_ics(request, pk):
    event = selectors.access_public_event(center=request.center, pk=pk)
    url = absolute_url(center_url(request.center, "center:events:detail", pk=event.pk))
    response = HttpResponse(
        event_calendar(event, url=url, sessions=selectors.event_sessions(event=event)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def _door_page(
    request, event, *, session=None, code_form=None, scan=None, walk_in_form=None, pending=None
):
    search = DoorSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    sessions = selectors.event_sessions(event=event)
    attendance = selectors.door_attendance(event=event, sessions=sessions, center=request.center)
    figures = next((p for p in attendance["sessions"] if p["session"] == session), attendance)
    if event.center_id != request.center.pk:
        # A co-organizer's door counts its own students; the free places are the organizer's.
        with services.seats_of(request.center, event):
            whole = selectors.attendance(event=event, sessions=sessions)
        part = next((p for p in whole["sessions"] if p["session"] == session), whole)
        figures = {**figures, "free": part["free"]}
    action = center_url(request.center, "center:events:door", pk=event.pk)
    return render(
        request,
        "events/door.html",
        {
            "event": event,
            "code_form": code_form or DoorCodeForm(initial={"gate": request.GET.get("gate", "")}),
            "search_form": search,
            "found": selectors.door_search(
                event=event, query=query, session=session, center=request.center
            ),
            "query": query,
            "session": session,
            "sessions": sessions,
            "door_action": f"{action}?session={session.pk}" if session else action,
            "walk_in_form": walk_in_form or WalkInForm(),
            "scan": scan,
            "pending": pending,
            "scans": selectors.recent_scans(event=event, center=request.center),
            "attendance": figures,
            "Result": DoorScan.Result,
        },
    )


@center_member()
@event_page(audited=True)
def door(request, pk):
    """The door staff's page on a phone: type or scan a code, find a name, seat a walk-in."""
    event = selectors.access_public_event(center=request.center, pk=pk)
    services.ensure_door_staff(request.user, request.center, event)
    session = selectors.door_session(
        event=event,
        sessions=selectors.event_sessions(event=event),
        pk=parse_id(request.GET.get("session")),
    )
    if request.method != "POST":
        return _door_page(request, event, session=session)
    if "name" in request.POST:
        form = WalkInForm(request.POST)
        scan = None
        if form.is_valid():
            try:
                scan = services.door_walk_in(
                    center=request.center,
                    actor=request.user,
                    event=event,
                    session=session,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form_errors_from(form, error)
        return _door_page(request, event, session=session, walk_in_form=form, scan=scan)
    form = DoorCodeForm(request.POST)
    scan = None
    if form.is_valid():
        scan = services.door_check_in(
            center=request.center,
            actor=request.user,
            event=event,
            session=session,
            **form.cleaned_data,
        )
        form = DoorCodeForm(initial={"gate": form.cleaned_data["gate"]})
    return _door_page(request, event, session=session, code_form=form, scan=scan)


@center_member()
def door_code(request, code):
    """A ticket's door page: its event's door with the code filled in, checked in with one
    press (opening the address alone changes nothing). A co-organizing center's door finds
    its own students' tickets of the events it co-organizes."""
    code = services.normalize_code(code)
    registration = selectors.registration_by_code(center=request.center, code=code)
    if registration is not None:
        return _door_code_page(request, registration, code)
    with _shared(request, f"door for ticket {code}", audited=True):
        registration = selectors.door_ticket(center=request.center, code=code)
        if registration is None:
            return render(request, "events/door_unknown.html", {"code": code}, status=404)
        return _door_code_page(request, registration, code)


def _door_code_page(request, registration, code):
    services.ensure_door_staff(request.user, request.center, registration.event)
    return _door_page(
        request,
        registration.event,
        session=registration.session,
        code_form=DoorCodeForm(initial={"code": code}),
        pending=registration,
    )


@login_required
def ticket_by_code(request, code):
    """Where a ticket's QR code leads, whichever center's door scans it: door staff signed
    in go to their own center's door page for the code (the organizer's, or a co-organizing
    center's for its own students), the ticket's owner to their ticket, anyone else finds
    nothing."""
    code = services.normalize_code(code)
    door = services.door_for_ticket(user=request.user, code=code)
    if door is not None:
        return redirect(center_url(door, "center:events:door_code", code=code))
    with own_rows_across_centers():
        mine = selectors.own_ticket(user=request.user, code=code)
    if mine is None:
        raise Http404
    url = services.home_url(mine, "center:events:ticket")
    return redirect(f"{url}?session={mine.session_id}" if mine.session_id else url)


@center_member(Role.COORDINATOR)
def summary(request, pk):
    event = selectors.access_event(center=request.center, pk=pk)
    page = slice_page(
        selectors.event_registrations(event=event).select_related("checked_in_by"),
        request.GET.get("page"),
    )
    return render(
        request,
        "events/summary.html",
        {
            "event": event,
            "page": page,
            "attendance": selectors.attendance(event=event),
            "reviews": selectors.event_reviews(event=event),
            "door_staff": list(event.door_staff.order_by("pk")),
            "door_staff_form": DoorStaffForm(),
            "export_form": ExportForm(),
        },
    )


@center_member(Role.COORDINATOR)
@require_POST
def door_staff(request, pk):
    event = selectors.access_event(center=request.center, pk=pk)
    remove = parse_id(request.POST.get("remove"))
    if remove:
        person = selectors.door_staff_member(event=event, pk=remove)
        _run(
            request,
            lambda: services.door_staff_set(
                center=request.center, actor=request.user, event=event, remove=person
            ),
            _("Removed from the door staff."),
        )
    else:
        form = DoorStaffForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: services.door_staff_set(
                    center=request.center,
                    actor=request.user,
                    event=event,
                    add_email=form.cleaned_data["email"],
                ),
                _("Added to the door staff."),
            )
        else:
            messages.error(request, _("Enter a valid email address."))
    return redirect(center_url(request.center, "center:events:summary", pk=event.pk))


@center_member(Role.COORDINATOR)
@require_POST
def attendance_export(request, pk):
    event = selectors.access_event(center=request.center, pk=pk)
    export = ExportForm(request.POST)
    file_format = export.cleaned_data["file_format"] if export.is_valid() else "xlsx"
    try:
        report = report_request(
            actor=request.user,
            center=request.center,
            kind="event_attendance",
            file_format=file_format,
            params={"event": event.pk},
        )
    except PermissionDenied as error:
        messages.error(request, error_text(error))
        return redirect(center_url(request.center, "center:events:summary", pk=event.pk))
    return redirect(report_url(report))


@center_member(Role.COORDINATOR)
@require_POST
@event_page(audited=True)
def partner_attendance_export(request, pk):
    """A co-organizing center's coordinators export their own students' attendance."""
    event = selectors.access_event_for(center=request.center, roles=request.center_roles, pk=pk)
    if event.center_id == request.center.pk:
        raise Http404
    export = ExportForm(request.POST)
    try:
        report = report_request(
            actor=request.user,
            center=request.center,
            kind="event_partner_attendance",
            file_format=export.cleaned_data["file_format"] if export.is_valid() else "xlsx",
            params={"event": event.pk},
        )
    except PermissionDenied as error:
        messages.error(request, error_text(error))
        return redirect(
            center_url(request.center, "center:events:partner_registrations", pk=event.pk)
        )
    return redirect(report_url(report))


@center_member(Role.STUDENT)
@require_POST
def review(request, pk):
    event = selectors.access_public_event(center=request.center, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return _detail(request, event)
    _run(
        request,
        lambda: services.review_leave(
            center=request.center, actor=request.user, event=event, **form.cleaned_data
        ),
        _("Thank you for your review."),
    )
    return _detail(request, event)


@center_member(Role.COORDINATOR)
def event_settings(request):
    current = selectors.event_settings(center=request.center)
    form = EventSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_settings_save(
                center=request.center,
                actor=request.user,
                offer_hold_hours=form.cleaned_data["offer_hold_hours"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect(center_url(request.center, "center:events:manage"))
    return render(request, "events/settings.html", {"form": form})


# Recruitment fairs: booths


def _booths(request, event):
    return redirect("center:events:booths", center_slug=request.center.slug, pk=event.pk)


def _booth(request, booth):
    return redirect("center:events:booth", center_slug=request.center.slug, pk=booth.pk)


@center_public
@event_page
def fair_booths(request, pk):
    event = selectors.access_public_event(center=request.center, pk=pk)
    if event.kind != event.Kind.FAIR:
        raise Http404
    if event.center_id != request.center.pk:
        return _shared_fair_booths(request, event)
    coordinator = Role.COORDINATOR in request.center_roles
    booths = list(selectors.fair_booths(event=event, with_pending=coordinator))
    approved = [b for b in booths if b.status == b.Status.APPROVED]
    context = {
        "event": event,
        "approved": approved,
        "undecided": [b for b in booths if b.status != b.Status.APPROVED],
        "openings": sum(b.openings for b in approved),
        "own_booths": selectors.own_booths(event=event, user=request.user),
        "decide_form": BoothDecideForm(),
        "is_coordinator": coordinator,
        "may_ask": Role.ENTERPRISE in request.center_roles and timezone.now() < event.starts_at,
    }
    return render(request, "events/booths.html", context)


def _shared_fair_booths(request, event):
    """A fair another center organizes and this one co-organizes: its approved booths and
    their positions, to look at only; the page says where applications go."""
    with services.organizers_booths(request.center, event):
        approved = list(selectors.fair_booths(event=event))
    context = {
        "event": event,
        "organizer": event.center,
        "approved": approved,
        "openings": sum(b.openings for b in approved),
        "own_booths": [],
        "is_coordinator": False,
        "may_ask": False,
    }
    return render(request, "events/booths.html", context)


@center_member(Role.ENTERPRISE)
def booth_apply(request, pk):
    event = selectors.access_public_event(center=request.center, pk=pk)
    if event.kind != event.Kind.FAIR:
        raise Http404
    enterprises = represented_enterprises(user=request.user)
    positions = services.boothable_positions(
        center=request.center, enterprise_ids=[e.pk for e in enterprises]
    ).select_related("base__enterprise")
    form = BoothApplyForm(request.POST or None, enterprises=enterprises, positions=positions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booth = services.booth_apply(
                center=request.center,
                actor=request.user,
                event=event,
                enterprise=data["enterprise"],
                positions=list(data["positions"]),
                openings=data["openings"],
                note=data["note"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error("enterprise", error_text(error))
        else:
            messages.success(request, _("Your booth request is sent to the coordinators."))
            return _booth(request, booth)
    return render(request, "events/booth_apply.html", {"event": event, "form": form})


@center_member(Role.COORDINATOR)
@require_POST
def booth_decide(request, pk):
    booth = selectors.access_booth(center=request.center, pk=pk)
    form = BoothDecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    done = _("The booth is approved.") if approve else _("The booth is declined.")
    _run(
        request,
        lambda: services.booth_decide(
            center=request.center,
            actor=request.user,
            booth=booth,
            approve=approve,
            number=data.get("number", ""),
            reason=data.get("reason", ""),
        ),
        done,
    )
    return _booths(request, booth.event)


def _sees_booth_inside(request, booth) -> bool:
    """The booth's own enterprise and the coordinators see who applied and came by."""
    if Role.COORDINATOR in request.center_roles:
        return True
    return Role.ENTERPRISE in request.center_roles and is_representative(
        user=request.user, enterprise_id=booth.enterprise_id
    )


@center_public
def booth_detail(request, pk):
    booth = selectors.access_booth(center=request.center, pk=pk)
    inside = _sees_booth_inside(request, booth)
    if booth.status != booth.Status.APPROVED and not inside:
        raise Http404
    is_student = Role.STUDENT in request.center_roles
    if is_student:
        services.booth_visit(center=request.center, user=request.user, booth=booth)
    context = {
        "booth": booth,
        "event": booth.event,
        "positions": selectors.booth_positions(booth=booth),
        "is_student": is_student,
        "apply_form": ApplyForm(),
        "inside": inside,
    }
    if inside:
        context["figures"] = selectors.booth_figures(center=request.center, booth=booth)
        context["page"] = slice_page(
            selectors.booth_applications(center=request.center, booth=booth),
            request.GET.get("page"),
        )
    return render(request, "events/booth.html", context)


@center_member(Role.STUDENT)
@require_POST
def booth_position_apply(request, pk, position):
    booth = selectors.access_booth(center=request.center, pk=pk)
    if booth.status != booth.Status.APPROVED:
        raise Http404
    chosen = next((p for p in selectors.booth_positions(booth=booth) if p.pk == position), None)
    if chosen is None:
        raise Http404
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your cover letter is too long."))
        return _booth(request, booth)
    done = _("Your application for “%(position)s” is sent.") % {"position": chosen.title}
    applied = _run(
        request,
        lambda: services.fair_apply(
            center=request.center,
            actor=request.user,
            booth=booth,
            position=chosen,
            cover_letter=form.cleaned_data["cover_letter"],
        ),
        done,
    )
    if applied:
        return redirect("center:students:my_applications", center_slug=request.center.slug)
    return _booth(request, booth)


# The programme: speakers and co-organizing universities


@center_member(Role.COORDINATOR)
def programme(request, pk):
    event = selectors.access_event(center=request.center, pk=pk)
    mentors = selectors.center_mentors(center=request.center)
    speaker_form = SpeakerForm(mentors=mentors)
    organizers_form = CoOrganizersForm(
        center=request.center,
        initial={"universities": list(event.co_organizers.values_list("pk", flat=True))},
    )
    host_form = HostForm(center=request.center, initial={"base": event.host_base_id})
    if request.method == "POST":
        remove = parse_id(request.POST.get("remove"))
        if "host_form" in request.POST:
            host_form = HostForm(request.POST, center=request.center)
            done = _run_form(
                request,
                host_form,
                lambda data: services.host_set(
                    center=request.center, actor=request.user, event=event, base=data["base"]
                ),
                _("The host is saved."),
            )
        elif remove:
            speaker = selectors.access_speaker(event=event, pk=remove)
            done = _run(
                request,
                lambda: services.speaker_remove(
                    center=request.center, actor=request.user, speaker=speaker
                ),
                _("The speaker is removed."),
            )
        elif "universities_form" in request.POST:
            organizers_form = CoOrganizersForm(request.POST, center=request.center)
            done = organizers_form.is_valid() and _run(
                request,
                lambda: services.co_organizers_set(
                    center=request.center,
                    actor=request.user,
                    event=event,
                    universities=list(organizers_form.cleaned_data["universities"]),
                ),
                _("The co-organizers are saved."),
            )
        else:
            speaker_form = SpeakerForm(request.POST, mentors=mentors)
            done = _run_form(
                request,
                speaker_form,
                lambda data: services.speaker_add(
                    center=request.center, actor=request.user, event=event, **data
                ),
                _("The speaker is added."),
            )
        if done:
            return redirect(center_url(request.center, "center:events:programme", pk=event.pk))
    context = {
        "event": event,
        "speakers": selectors.speakers(event=event),
        "speaker_form": speaker_form,
        "organizers_form": organizers_form,
        "host_form": host_form if event.kind == event.Kind.VISIT else None,
    }
    return render(request, "events/programme.html", context)


# The sessions of a multi-session event


@center_member(Role.COORDINATOR)
def sessions(request, pk):
    """Add, change or take off the sessions of an event; each has its own places."""
    event = selectors.access_event(center=request.center, pk=pk)
    editing = _session(request, event) if "remove" not in request.POST else None
    form = EventSessionForm(request.POST or None, instance=editing)
    if request.method == "POST":
        remove = parse_id(request.POST.get("remove"))
        if remove:
            session = selectors.access_session(event=event, pk=remove)
            done = _run(
                request,
                lambda: services.session_remove(
                    center=request.center, actor=request.user, session=session
                ),
                _("The session is taken off the programme."),
            )
        else:
            done = _run_form(
                request,
                form,
                lambda data: services.session_save(
                    center=request.center, actor=request.user, event=event, session=editing, **data
                ),
                _("The session is saved."),
            )
        if done:
            return redirect(center_url(request.center, "center:events:sessions", pk=event.pk))
    context = {
        "event": event,
        "form": form,
        "editing": editing,
        "attendance": selectors.attendance(event=event),
    }
    return render(request, "events/sessions.html", context)


@center_member(Role.COORDINATOR)
def partners(request, pk):
    """The organizer's coordinators invite other service centers to co-organize the event
    and follow their answers."""
    event = selectors.access_event(center=request.center, pk=pk)
    form = PartnerInviteForm(request.POST or None, center=request.center)
    if request.method == "POST" and _run_form(
        request,
        form,
        lambda data: services.partner_invite(
            center=request.center, actor=request.user, event=event, partner=data["partner"]
        ),
        _("The service center is invited to co-organize the event."),
    ):
        return redirect(center_url(request.center, "center:events:partners", pk=event.pk))
    return render(
        request,
        "events/partners.html",
        {"event": event, "form": form, "partners": selectors.partnerships(event=event)},
    )


@center_member(Role.COORDINATOR)
def partner_invitations(request):
    """Other centers' invitations to co-organize their events, and the events this center
    co-organizes."""
    with _shared(request, "invitations to co-organize", audited=True):
        return render(
            request,
            "events/partner_invitations.html",
            {
                "invitations": selectors.partner_invitations(center=request.center),
                "answer_form": PartnerAnswerForm(),
            },
        )


@center_member(Role.COORDINATOR)
@require_POST
def partner_answer(request, pk):
    form = PartnerAnswerForm(request.POST)
    with _shared(request, f"answer to invitation {pk}", audited=True):
        invitation = selectors.access_invitation(center=request.center, pk=pk)
        if form.is_valid():
            accept = form.cleaned_data["answer"] == "accept"
            _run(
                request,
                lambda: services.partner_answer(
                    center=request.center,
                    actor=request.user,
                    partnership=invitation,
                    accept=accept,
                ),
                _("Your center co-organizes the event.")
                if accept
                else _("The invitation is declined."),
            )
    return redirect(center_url(request.center, "center:events:partner_invitations"))


@center_member(Role.COORDINATOR)
@event_page(audited=True)
def partner_registrations(request, pk):
    """A co-organizing center's coordinators read their own students' registrations."""
    event = selectors.access_event_for(center=request.center, roles=request.center_roles, pk=pk)
    if event.center_id == request.center.pk:
        return redirect(center_url(request.center, "center:events:summary", pk=event.pk))
    registrations = selectors.partner_event_registrations(event=event, center=request.center)
    return render(
        request,
        "events/partner_registrations.html",
        {
            "event": event,
            "page": slice_page(registrations, request.GET.get("page")),
            "attendance": selectors.attendance(event=event, registrations=registrations),
            "export_form": ExportForm(),
        },
    )
