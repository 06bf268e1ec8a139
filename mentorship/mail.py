"""Writing an email: a template triple under templates/email/<name>/ in the reader's language.

Every email of the portal is `subject.txt`, `body.txt` and `body.html` (the last extending
templates/email/base.html), rendered in one language with its words in the catalog.
`notifications.send_email` writes it to the outbox, which a worker sends as text and HTML.
"""

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from mentorship.models import OutgoingEmail, User

# Readers are in China and the emails say "Beijing time", whatever zone a worker runs in.
EMAIL_TIMEZONE = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    html: str


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path if path.startswith("/") else path


def spoken_language(code: str | None) -> str:
    """The portal's language for `code` ("en-gb" → "en"), or "" when it speaks none like it."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def email_language(*candidates) -> str:
    """The first of `candidates` the portal speaks (language codes, or users for theirs),
    else the portal's default language."""
    for candidate in candidates:
        code = getattr(candidate, "language", candidate)
        language = spoken_language(code if isinstance(code, str) else "")
        if language:
            return language
    return settings.LANGUAGE_CODE


def address_language(email: str, *fallbacks) -> str:
    """The language to write to `email` in: its account's, if it has one that chose a
    language, else the first of `fallbacks` the portal speaks."""
    account = User.objects.filter(email__iexact=email).only("language").first()
    return email_language(account, *fallbacks)


def tidy_text(text: str) -> str:
    """Plain text as emails print it: no trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def render_text(name: str, context: dict) -> str:
    """The plain-text template `name` (nothing in it is escaped: it is not HTML), tidied."""
    return tidy_text(get_template(name).template.render(Context(context, autoescape=False)))


def render_email(name: str, context: dict, *, language: str, center=None) -> RenderedEmail:
    """Render templates/email/<name>/ in `language`, times in Beijing time.

    `center` is the service center the email speaks for (its name and colour head the HTML
    layout); without one the email speaks for the program.
    """
    with translation.override(language), timezone.override(EMAIL_TIMEZONE):
        context = {
            "center": center,
            "portal_url": settings.PORTAL_BASE_URL.rstrip("/") + "/",
            "preferences_url": absolute_url(reverse("notification_preferences")),
            **context,
        }
        subject = " ".join(render_text(f"email/{name}/subject.txt", context).split())
        body = render_text(f"email/{name}/body.txt", context) + "\n"
        context["subject"] = subject
        html = get_template(f"email/{name}/body.html").render(context)
    return RenderedEmail(subject=subject, body=body, html=html)


# Where a prepared email's own values go: private-use characters no template or value holds.
_MARKER = re.compile("\ue000(\\w+)\ue001")


def _fill(pieces: list, values: dict) -> str:
    """Text split at its markers, each field's value put back in its place."""
    return "".join(values[piece] if i % 2 else piece for i, piece in enumerate(pieces))


class PreparedText:
    """A part of many emails (a template of its own, e.g. one entry of a list) rendered
    once in one language with `fields` left open; `fill` gives each copy. An HTML part
    (its name ends in .html) escapes the values it is given, unless marked safe, and is
    itself safe; a text part gives plain text, tidied as emails print it."""

    def __init__(self, name: str, *, fields, context: dict, language: str, center=None):
        self.html = name.endswith(".html")
        context = {"center": center, **context, **{f: f"\ue000{f}\ue001" for f in fields}}
        with translation.override(language), timezone.override(EMAIL_TIMEZONE):
            text = get_template(name).render(context) if self.html else render_text(name, context)
        self.pieces = _MARKER.split(text.strip())

    def fill(self, **values) -> str:
        if not self.html:
            return _fill(self.pieces, {field: str(value) for field, value in values.items()})
        escaped = {field: str(conditional_escape(value)) for field, value in values.items()}
        return mark_safe(_fill(self.pieces, escaped))  # every value is escaped


def render_part(name: str, context: dict, *, language: str, center=None) -> str:
    """One part of an email (see PreparedText) rendered in `language`, as it is."""
    with translation.override(language), timezone.override(EMAIL_TIMEZONE):
        if name.endswith(".html"):
            return SafeString(get_template(name).render({"center": center, **context}).strip())
        return render_text(name, {"center": center, **context})


class PreparedEmail:
    """Many emails `name` in one language that differ only in a few values (`fields`),
    rendered once: each email fills its own values in.

    Rendering costs about a millisecond and a half an email, and a student import writes
    20,000 of them in its transaction. The templates print each field as it is (no filter
    may apply to one), so filling it in gives what rendering it would have given.
    """

    def __init__(self, name: str, *, fields, context: dict, language: str, center=None):
        markers = {field: f"\ue000{field}\ue001" for field in fields}
        rendered = render_email(name, {**context, **markers}, language=language, center=center)
        # Each text split at its markers: the odd pieces name the field that goes there.
        self.subject, self.body, self.html = (
            _MARKER.split(text) for text in (rendered.subject, rendered.body, rendered.html)
        )
        printed = set(self.body[1::2]) | set(self.html[1::2])
        # Checked once here rather than found missing in the 20,000th email.
        for field in fields:
            if field not in printed:
                raise ValueError(f"The email {name} does not print {field}.")

    def outgoing(self, *, to: str, **values) -> OutgoingEmail:
        """The outbox row of the email to `to` (not saved: write many with bulk_create).
        A field printed only in the text or only in the HTML may be given to both."""
        text = {field: str(value) for field, value in values.items()}
        # A value marked safe is HTML already (a list rendered from its own template).
        html = {field: str(conditional_escape(value)) for field, value in values.items()}
        return OutgoingEmail(
            to=to,
            subject=" ".join(_fill(self.subject, text).split())[:200],
            body=_fill(self.body, text),
            html_body=_fill(self.html, html),
        )
