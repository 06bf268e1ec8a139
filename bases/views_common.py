"""What the pages of a case share: a row the enterprise prepares and the center's bureau
staff decide on, such as a training-base application or a subsidy claim.

The apps above bases build their cases' pages from these pieces too; nothing here knows
them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.access import center_member
from mentorship.links import center_url
from mentorship.models import Role
from mentorship.views.common import error_text, run_decision


def go(request, name: str, **kwargs):
    """Redirect to the page `name` ("center:bases:base_detail") of the visitor's center."""
    return redirect(center_url(request.center, name, **kwargs))


def refuse(request, error) -> None:
    """A service's refusal, shown as a message on the next page."""
    messages.error(request, error_text(error))


def act(request, call: Callable, done_message) -> bool:
    """Run a one-click action (submit, publish…): `done_message` when done, the service's
    refusal as a message when not. True when done."""
    try:
        call()
    except (ValidationError, PermissionDenied) as error:
        refuse(request, error)
        return False
    messages.success(request, done_message)
    return True


def representatives_only(request, case, name: str, **kwargs):
    """None for the enterprise's representatives; anyone else (bureau staff following a link
    to the enterprise's side) is sent to the page `name` instead."""
    if case.viewer_is_representative:
        return None
    messages.info(request, _("Only the enterprise's representatives can change this."))
    return go(request, name, **kwargs)


def history(entries, labels: Mapping, details: Callable | None = None) -> list:
    """A case's audit entries as its page shows them (templates/bases/_history.html).

    Each gets the `label` its verb has in `labels`, the `details` the function gives in
    words (amounts, dates), and the reviewer's `comment`.
    """
    entries = list(entries)
    for entry in entries:
        entry.label = labels.get(entry.verb, entry.verb)
        entry.details = details(entry) if details else []
        entry.comment = entry.after.get("comment", "")
    return entries


@dataclass(frozen=True)
class Case:
    """How the bureau's decision views reach one kind of case and show its page again."""

    # (request, pk) -> the case, marked for the visitor; 404 when it is not theirs to see.
    access: Callable
    # The case's keyword argument in its services: "base", "claim".
    keyword: str
    # The name of the case's page, which takes the case's pk.
    page: str
    # (request, case, **forms) -> the case's page, showing the forms given.
    render: Callable
    # (request, case) -> a redirect for a visitor who may read the case but not decide on
    # it, or None.
    turn_away: Callable | None = None


def decision_view(case: Case, *, form, service, done_message, form_name: str):
    """The view of one of the bureau's decisions on a case (recognize, approve, return…).

    `form(data)` binds the decision's form; `service` takes the case and the form's data;
    `done_message` is text, or a function of what the service returned. A refusal about a
    field shows the case's page again with the form as `form_name`; any other refusal is a
    message on the case's page.
    """

    @center_member(Role.BUREAU)
    @require_POST
    def decide(request, pk):
        target = case.access(request, pk)
        if case.turn_away and (away := case.turn_away(request, target)):
            return away
        return run_decision(
            request,
            form=form(request.POST),
            act=lambda **data: service(
                center=request.center, actor=request.user, **{case.keyword: target}, **data
            ),
            done_message=done_message,
            done_url=center_url(request.center, case.page, pk=target.pk),
            show_again=lambda bound: case.render(request, target, **{form_name: bound}),
        )

    return decide
