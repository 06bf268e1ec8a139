"""Forms of the student import: the file to check, and an imported student's first password."""

from django import forms
from django.utils.translation import gettext_lazy as _


class StudentImportForm(forms.Form):
    file = forms.FileField(
        label=_("Student list (CSV or XLSX)"),
        help_text=_("One student per row below a header row; at most 10 MB and 50,000 rows."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class WelcomeForm(forms.Form):
    """The password is checked against Django's validators by the service, which knows the
    account it is for."""

    name = forms.CharField(label=_("Full name"), max_length=100)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, again = cleaned.get("password"), cleaned.get("password_again")
        if first and again and first != again:
            self.add_error("password_again", _("The two passwords do not match."))
        return cleaned
