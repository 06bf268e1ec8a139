"""Pages of the student import: the coordinators' upload, preview, progress and result, and
the imported students' first visit, where they set their password."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.access import center_member, center_public
from mentorship.models import Role
from mentorship.paging import slice_page
from mentorship.views import form_errors_from
from students.models import StudentImport
from students.student_import import selectors, services
from students.student_import.forms import StudentImportForm, WelcomeForm
from students.student_import.parsing import COLUMNS, template_csv

PROBLEMS_PER_PAGE = 100


def _detail(request, student_import):
    return redirect(
        "center:student_import:detail", center_slug=request.center.slug, pk=student_import.pk
    )


@center_member(Role.COORDINATOR)
def import_list(request):
    """Upload a file to check, and the center's past imports."""
    form = StudentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            student_import = services.student_import_check(
                center=request.center, actor=request.user, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return _detail(request, student_import)
    page = slice_page(selectors.center_imports(center=request.center), request.GET.get("page"))
    return render(
        request,
        "students/student_import/list.html",
        {"form": form, "page": page, "columns": COLUMNS},
    )


@center_member(Role.COORDINATOR)
def import_template(request):
    """An empty file with the Chinese column names, to fill in Excel or WPS."""
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="students-template.csv"'
    return response


@center_member(Role.COORDINATOR)
def import_detail(request, pk):
    """The preview of a checked file, the progress of a running import, or its result."""
    student_import = selectors.access_student_import(center=request.center, pk=pk)
    context = {
        "student_import": student_import,
        "summary": selectors.import_summary(student_import),
        "problems": slice_page(
            selectors.import_problems(student_import),
            request.GET.get("page"),
            per_page=PROBLEMS_PER_PAGE,
        ),
    }
    if student_import.status == StudentImport.Status.IMPORTING:
        context["progress"] = selectors.import_progress(student_import)
    elif student_import.status == StudentImport.Status.DONE:
        context["result"] = selectors.import_result(student_import)
    elif student_import.status == StudentImport.Status.FAILED:
        context["failure"] = services.failure_message(student_import)
    return render(request, "students/student_import/detail.html", context)


@center_member(Role.COORDINATOR)
@require_POST
def import_run(request, pk):
    student_import = selectors.access_student_import(center=request.center, pk=pk)
    try:
        services.student_import_run(
            center=request.center, actor=request.user, student_import=student_import
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _detail(request, student_import)


@center_public
def set_password(request, token):
    """The link of an imported student's welcome email: choose a password, then sign in."""
    invitation = selectors.access_student_invitation(center=request.center, token=token)
    student = selectors.invited_student(invitation)
    problem = services.imported_student_welcome_problem(invitation=invitation, user=student)
    form = None
    if not problem:
        form = WelcomeForm(request.POST or None, initial={"name": student.name})
        if request.method == "POST" and form.is_valid():
            try:
                user = services.imported_student_set_password(
                    invitation=invitation,
                    password=form.cleaned_data["password"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            except PermissionDenied:
                problem = _("This link is no longer valid. Ask the coordinator of your university.")
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Your password is set. Welcome to %(center)s!")
                    % {"center": request.center.name},
                )
                return redirect("center:home", center_slug=request.center.slug)
    return render(
        request,
        "students/student_import/set_password.html",
        {
            "invitation": invitation,
            "problem": problem,
            "form": form,
            "login_url": reverse("account_login"),
        },
    )
