"""Pages of events: the public list and page, and the coordinators' management."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import selectors, services
from events.forms import CancelForm, EventForm
from mentorship.access import center_member, center_public
from mentorship.models import Role
from mentorship.paging import slice_page
from mentorship.views.common import error_text, form_errors_from


def _detail(request, event):
    return redirect("center:events:detail", center_slug=request.center.slug, pk=event.pk)


@center_public
def event_list(request):
    page = slice_page(selectors.upcoming_events(center=request.center), request.GET.get("page"))
    return render(request, "events/list.html", {"page": page})


@center_public
def event_detail(request, pk):
    event = selectors.access_event_for(center=request.center, roles=request.center_roles, pk=pk)
    return render(request, "events/detail.html", {"event": event, "cancel_form": CancelForm()})


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
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(
                center=request.center, actor=request.user, event=event, **form.cleaned_data
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
