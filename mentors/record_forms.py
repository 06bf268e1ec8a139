"""Forms of the mentors' records: the export of a center's (or the program's) records."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.models import Report


class RecordExportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Empty: every year."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=Report.Format.choices, initial=Report.Format.XLSX
    )
