"""Forms of the program core: sign-up with a center and role, invitations, preferences."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from mentorship.models import (
    SELF_SERVICE_ROLES,
    STAFF_ROLES,
    CenterApplication,
    ServiceCenter,
    User,
)
from mentorship.scoping import center_scope
from mentorship.services import membership_join
from mentorship.uploads import clean_upload

SELF_SERVICE_CHOICES = [(role.value, role.label) for role in SELF_SERVICE_ROLES]


class CenterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def open_centers():
    return ServiceCenter.objects.filter(
        status__in=[ServiceCenter.Status.LICENSED, ServiceCenter.Status.ACTIVE]
    ).order_by("pk")


class SignupForm(AllauthSignupForm):
    """allauth's sign-up plus the person's name, the center they join and their role."""

    name = forms.CharField(label=_("Full name"), max_length=100)
    center = CenterChoiceField(
        label=_("Service center"), queryset=ServiceCenter.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(label=_("I join as"), choices=SELF_SERVICE_CHOICES)

    field_order = ["name", "email", "password1", "password2", "center", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = open_centers()

    def save(self, request):
        user = super().save(request)
        center = self.cleaned_data["center"]
        with center_scope(center):
            membership_join(center=center, user=user, role=self.cleaned_data["role"])
        return user


class SocialSignupForm(AllauthSocialSignupForm):
    """Joining with WeChat: the same name, center and role as a sign-up by email, and an
    email address the person verifies before they can sign in."""

    name = forms.CharField(label=_("Full name"), max_length=100)
    center = CenterChoiceField(
        label=_("Service center"), queryset=ServiceCenter.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(label=_("I join as"), choices=SELF_SERVICE_CHOICES)

    field_order = ["name", "email", "center", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = open_centers()

    def save(self, request):
        user = super().save(request)
        center = self.cleaned_data["center"]
        with center_scope(center):
            membership_join(center=center, user=user, role=self.cleaned_data["role"])
        return user


class JoinCenterForm(forms.Form):
    role = forms.ChoiceField(label=_("I join as"), choices=SELF_SERVICE_CHOICES)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(role.value, role.label) for role in STAFF_ROLES]
    )


class InvitationSignupForm(forms.Form):
    """Set up an account while accepting an invitation sent to that address."""

    name = forms.CharField(label=_("Full name"), max_length=100)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.email, name=cleaned.get("name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class CenterStatusForm(forms.Form):
    to = forms.ChoiceField(choices=ServiceCenter.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind of notification that can reach the person: tick to receive it
    by email."""

    def __init__(self, *args, preferences: dict[str, bool], kinds, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=preferences.get(kind.value, True)
            )


class CenterApplicationForm(forms.ModelForm):
    class Meta:
        model = CenterApplication
        fields = [
            "institution",
            "institution_en",
            "city",
            "city_en",
            "contact_name",
            "contact_email",
            "contact_phone",
            "coordinator_name",
            "coordinator_email",
            "plan",
        ]
        widgets = {"plan": forms.Textarea(attrs={"rows": 6})}


class LicenseForm(forms.Form):
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=40,
        help_text=_(
            "Lower-case letters, digits and hyphens; the center's pages live at /c/<address>/."
        ),
    )
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150)
    city = forms.CharField(label=_("City (Chinese)"), max_length=60)
    city_en = forms.CharField(label=_("City (English)"), max_length=60, required=False)
    host_institution = forms.CharField(label=_("Host institution (Chinese)"), max_length=150)
    host_institution_en = forms.CharField(
        label=_("Host institution (English)"), max_length=150, required=False
    )
    license_number = forms.CharField(
        label=_("License number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to number it automatically."),
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if ServiceCenter.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another service center already uses this address."))
        return slug


class RejectApplicationForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


LOGO_MAX_BYTES = 1024 * 1024


class CenterSettingsForm(forms.ModelForm):
    logo_upload = forms.FileField(label=_("Logo (PNG or JPEG, at most 1 MB)"), required=False)

    class Meta:
        model = ServiceCenter
        fields = [
            "name_zh",
            "name_en",
            "city",
            "city_en",
            "host_institution",
            "host_institution_en",
            "contact_email",
            "contact_phone",
            "brand_color",
        ]
        widgets = {"brand_color": forms.TextInput(attrs={"type": "color"})}

    def clean_logo_upload(self):
        logo = self.cleaned_data.get("logo_upload")
        if logo:
            # Served publicly: only a re-encoded picture under a random name is stored.
            return clean_upload(logo, kinds=("png", "jpeg"), max_bytes=LOGO_MAX_BYTES)
        return logo


class UniversityForm(forms.Form):
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)


class AccountEraseForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is closed for good and cannot be restored."),
    )
