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
