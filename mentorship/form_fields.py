"""Form fields shared by the apps."""

from django import forms

from mentorship.request_values import parse_id


class RowsField(forms.ModelMultipleChoiceField):
    """Ticked rows; a value that cannot name a row is refused before the database reads it
    (SQLite raises on an integer wider than its columns instead of finding nothing)."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
