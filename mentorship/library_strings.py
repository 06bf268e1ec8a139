"""Strings the libraries show on our pages that their own Chinese catalogs lack.

Listing them here carries them into our catalog (makemessages reads this file), and
Django looks a string up in our catalog before any library's. Django 6.1's blank choice
of every select is the one so far; tests/test_library_strings.py checks the pages.
"""

from django.utils.translation import gettext_noop

LIBRARY_STRINGS = (
    # django.db.models.fields.BLANK_CHOICE_LABEL, the first option of a required select.
    gettext_noop("- Select an option -"),
)
