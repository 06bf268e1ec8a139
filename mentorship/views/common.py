"""Helpers shared by the views of the program core and the apps."""

from django.core.exceptions import ValidationError


def form_errors_from(form, error: ValidationError) -> None:
    """Show a service's refusal beside the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_text(error) -> str:
    """A service's refusal (ValidationError or PermissionDenied) as one sentence."""
    return " ".join(getattr(error, "messages", None) or [str(error)])


def run_decision(request, *, form, act, done_message, done_url, show_again):
    """Run one workflow service from a posted form, the way every decision page does.

    Done: the message and back to `done_url`. Refused about a field: `show_again(form)`
    renders the page with the error beside the field. Refused as a whole (a state that no
    longer allows it, a role that does not): the reason as a message, back to `done_url`.
    `done_message` may be text or a function of what the service returned.
    """
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect

    if form.is_valid():
        try:
            result = act(**form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, error_text(error))
                return redirect(done_url)
            form_errors_from(form, error)
        except PermissionDenied as error:
            messages.error(request, error_text(error))
            return redirect(done_url)
        else:
            done = done_message(result) if callable(done_message) else done_message
            messages.success(request, done)
            return redirect(done_url)
    return show_again(form)
