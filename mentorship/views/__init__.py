"""Views of the program core, by audience: portal, program staff, one center."""

from mentorship.views.common import error_text, form_errors_from

__all__ = ["error_text", "form_errors_from"]
