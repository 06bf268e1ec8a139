"""Pages of the student's saved searches: keeping the search on the page, the list where
they are renamed, their alert changed or deleted, and the one-click unsubscribe from an
alert's email."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mentorship.access import center_member, center_public
from mentorship.models import Role
from mentorship.request_values import parse_id
from mentorship.views import error_text, form_errors_from
from students import selectors
from students.forms import PositionSearchForm, SavedSearchEditForm, SaveSearchForm
from students.services import alerts
from students.views import _url, search_page


@center_member(Role.STUDENT)
@require_POST
def saved_search_save(request):
    """Keep the search whose filters the search page sent along, under a name."""
    form = SaveSearchForm(request.POST)
    search = PositionSearchForm(request.POST, facets=selectors.search_facets(center=request.center))
    if form.is_valid():
        try:
            saved = alerts.saved_search_create(
                center=request.center,
                actor=request.user,
                name=form.cleaned_data["name"],
                filters=search.filters(),
                alert=form.cleaned_data["alert"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("The search “%(name)s” is saved. You will hear about new positions: %(alert)s.")
                % {"name": saved.name, "alert": saved.get_alert_display()},
            )
            return redirect(_url(request, "saved_searches"))
    return search_page(request, data=request.POST, save_form=form)


@center_member(Role.STUDENT)
def saved_searches(request):
    """The student's saved searches: rename, change the alert, delete."""
    rows = selectors.saved_searches_of(center=request.center, user=request.user)
    sent = parse_id(request.POST.get("search")) if request.method == "POST" else None
    action = request.POST.get("action", "")
    forms = [
        SavedSearchEditForm(
            request.POST if row.pk == sent and action == "save" else None, saved_search=row
        )
        for row in rows
    ]
    if request.method == "POST":
        target = next((row for row in rows if row.pk == sent), None)
        if target is None:
            messages.error(request, _("This saved search no longer exists."))
            return redirect(_url(request, "saved_searches"))
        try:
            if action == "delete":
                alerts.saved_search_delete(
                    center=request.center, actor=request.user, saved_search=target
                )
                messages.success(request, _("The saved search is deleted."))
                return redirect(_url(request, "saved_searches"))
            form = next(f for f in forms if f.saved_search.pk == sent)
            if action == "save" and form.is_valid():
                alerts.saved_search_update(
                    center=request.center,
                    actor=request.user,
                    saved_search=target,
                    name=form.cleaned_data["name"],
                    alert=form.cleaned_data["alert"],
                )
                messages.success(request, _("The saved search is changed."))
                return redirect(_url(request, "saved_searches"))
        except ValidationError as error:
            if action == "delete":
                messages.error(request, error_text(error))
                return redirect(_url(request, "saved_searches"))
            form_errors_from(form, error)
    return render(
        request,
        "students/saved_searches.html",
        {"rows": list(zip(rows, forms, strict=True))},
    )


def _unsubscribe_page(request, context, status=200):
    return render(request, "students/alert_unsubscribe.html", context, status=status)


# RFC 8058: a mail app's "Unsubscribe" button POSTs "List-Unsubscribe=One-Click" without any
# CSRF token; the signed link is the proof, so it alone is checked.
@csrf_exempt
@center_public
def alert_unsubscribe(request, token):
    """Stop a saved search's alerts from its email, signed in or not: opening the signed
    link (or the mail app's one-click POST) stops them at once, and again does nothing
    more; the page offers to turn them back on."""
    try:
        link = alerts.unsubscribe_link(token)
    except signing.SignatureExpired:
        return _unsubscribe_page(request, {"problem": "expired"}, status=410)
    except signing.BadSignature:
        return _unsubscribe_page(request, {"problem": "invalid"}, status=404)
    searches = selectors.saved_searches_by_ids(center=request.center, pks=link.pks)
    if not searches:
        # Deleted since the email went, or a link of another center's email.
        return _unsubscribe_page(request, {"gone": True}, status=404)
    if request.method == "POST" and request.POST.get("action") == "resume":
        searches = [
            alerts.saved_search_resume(center=request.center, saved_search=s, alert=link.alert)
            for s in searches
        ]
        return _unsubscribe_page(request, {"searches": searches, "resumed": True})
    searches = [
        alerts.saved_search_unsubscribe(center=request.center, saved_search=s) for s in searches
    ]
    return _unsubscribe_page(
        request, {"searches": searches, "done": True, "may_resume": bool(link.alert)}
    )
