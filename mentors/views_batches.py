"""The coordinator's batch match pages: draw a batch for a cohort, review its rows with
their scores' reasons, change or drop a row, publish."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentors import batch_selectors, batches
from mentors.forms import BatchForm, ProposalMentorForm
from mentors.models import MatchBatch
from mentors.suggestions import REASONS
from mentorship.access import center_member
from mentorship.models import Role
from mentorship.paging import slice_page
from mentorship.views.common import error_text, form_errors_from

C = Role.COORDINATOR
LABELS = {key: label for key, _weight, label in REASONS}


def _to_batch(request, batch):
    return redirect("center:mentors:batch", center_slug=request.center.slug, pk=batch.pk)


@center_member(C)
def batch_list(request):
    form = BatchForm(request.POST or None, center=request.center)
    if request.method == "POST" and form.is_valid():
        try:
            batch = batches.batch_create(
                center=request.center, actor=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(error_text(error))
            form_errors_from(form, error)
        else:
            messages.success(request, _("The batch is drawn. Review it, then publish it."))
            return _to_batch(request, batch)
    page = slice_page(batch_selectors.batches_of(center=request.center), request.GET.get("page"))
    return render(request, "mentors/batches.html", {"form": form, "page": page})


@center_member(C)
def batch_detail(request, pk):
    batch = batch_selectors.access_batch(center=request.center, pk=pk)
    page = slice_page(batch_selectors.proposals_of(batch), request.GET.get("page"), per_page=50)
    draft = batch.status == MatchBatch.Status.DRAFT
    mentors = batch_selectors.mentors_for_matching(center=request.center) if draft else []
    left = batch_selectors.places_left(batch, mentors) if draft else {}
    names = batch_selectors.mentor_names(mentors)
    for row in page:
        row.parts = [{**part, "label": LABELS.get(part["key"], "")} for part in row.breakdown]
        for part in row.parts:
            part["shown"] = f"{part['points'] / 10:.1f}"
        row.options = batch_selectors.row_options(row, mentors, left, names) if draft else []
    return render(
        request,
        "mentors/batch.html",
        {"batch": batch, "page": page, "draft": draft, "summary": _summary(batch)},
    )


def _summary(batch) -> dict:
    rows = list(batch.proposals.values_list("mentor_id", "score", "outcome"))
    proposed = [score for mentor, score, _outcome in rows if mentor]
    return {
        "students": len(rows),
        "proposed": len(proposed),
        "unmatched": len(rows) - len(proposed),
        "score": f"{sum(proposed) / 10:.1f}",
        "paired": sum(1 for _m, _s, outcome in rows if outcome == "paired"),
    }


def _proposal(request, pk, proposal_pk):
    batch = batch_selectors.access_batch(center=request.center, pk=pk)
    proposal = batch_selectors.access_proposal(center=request.center, batch=batch, pk=proposal_pk)
    return batch, proposal


def _run(request, batch, act, done: str):
    try:
        act()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return _to_batch(request, batch)


@center_member(C)
@require_POST
def proposal_change(request, pk, proposal_pk):
    batch, proposal = _proposal(request, pk, proposal_pk)
    form = ProposalMentorForm(request.POST)
    mentor = (
        batch_selectors.mentor_of_center(center=request.center, pk=form.cleaned_data["mentor"])
        if form.is_valid()
        else None
    )
    if mentor is None:
        messages.error(request, _("Choose a mentor."))
        return _to_batch(request, batch)
    return _run(
        request,
        batch,
        lambda: batches.proposal_change(
            center=request.center, actor=request.user, proposal=proposal, mentor=mentor
        ),
        _("The row now proposes %(mentor)s.") % {"mentor": mentor},
    )


@center_member(C)
@require_POST
def proposal_drop(request, pk, proposal_pk):
    batch, proposal = _proposal(request, pk, proposal_pk)
    return _run(
        request,
        batch,
        lambda: batches.proposal_drop(center=request.center, actor=request.user, proposal=proposal),
        _("The student is left out of this batch."),
    )


@center_member(C)
@require_POST
def batch_publish(request, pk):
    batch = batch_selectors.access_batch(center=request.center, pk=pk)
    return _run(
        request,
        batch,
        lambda: batches.batch_publish(center=request.center, actor=request.user, batch=batch),
        _("The batch is published: the students and mentors paired are told."),
    )
