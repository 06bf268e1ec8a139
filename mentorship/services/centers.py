"""The service center lifecycle and settings: licensing, suspension, branding, universities."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.mail import absolute_url, address_language, email_language, spoken_language
from mentorship.models import (
    CenterApplication,
    Membership,
    NotificationKind,
    Role,
    ServiceCenter,
    University,
    User,
)
from mentorship.notifications import notify, send_email
from mentorship.scoping import center_scope
from mentorship.services.common import center_url as _center_url
from mentorship.services.common import ensure_center_can_act, ensure_role
from mentorship.services.memberships import invitation_send
from mentorship.workflow import ensure_transition

# The center lifecycle: applied → licensed → active ⇄ suspended.
CENTER_TRANSITIONS = {
    ServiceCenter.Status.APPLIED: (ServiceCenter.Status.LICENSED,),
    ServiceCenter.Status.LICENSED: (ServiceCenter.Status.ACTIVE, ServiceCenter.Status.SUSPENDED),
    ServiceCenter.Status.ACTIVE: (ServiceCenter.Status.SUSPENDED,),
    ServiceCenter.Status.SUSPENDED: (ServiceCenter.Status.ACTIVE,),
}

_CENTER_STATUS_TITLES = {
    ServiceCenter.Status.LICENSED: _("%(center)s has been licensed"),
    ServiceCenter.Status.ACTIVE: _("%(center)s is active"),
    ServiceCenter.Status.SUSPENDED: _("%(center)s has been suspended"),
}


@transaction.atomic
def center_change_status(
    *, actor, center, to: str, reason: str = "", license_number: str = ""
) -> ServiceCenter:
    """Program staff license, activate, suspend or reactivate a service center."""
    if not actor.is_program_staff:
        raise PermissionDenied(_("Only program staff change the status of a service center."))
    center = ServiceCenter.objects.select_for_update().get(pk=center.pk)
    ensure_transition(center, to=to, allowed=CENTER_TRANSITIONS)
    if to == ServiceCenter.Status.SUSPENDED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for suspending the center.")})
    before = {"status": center.status}
    center.status = to
    center.status_reason = reason.strip()
    if to == ServiceCenter.Status.LICENSED:
        center.license_number = license_number or f"MP-{timezone.localdate():%Y}-{center.pk:04d}"
        center.licensed_on = timezone.localdate()
    center.save()
    audit(
        center=center,
        actor=actor,
        verb=f"center.{to}",
        target=center,
        before=before,
        after={"status": to, "reason": center.status_reason},
    )
    coordinators = User.objects.filter(
        memberships__in=Membership.objects.filter(
            center=center, role=Role.COORDINATOR, is_active=True
        )
    ).distinct()
    for user in coordinators:
        notify(
            user,
            NotificationKind.CENTER_STATUS,
            center=center,
            title=lambda: _CENTER_STATUS_TITLES[to] % {"center": center.name},
            body=center.status_reason,
            url=_center_url(center),
        )
    return center


@transaction.atomic
def center_apply(*, applicant, **fields) -> CenterApplication:
    """A university applies to open a service center; program staff are told.

    The application keeps the language it was filled in, the one its answer is written in.
    """
    fields.setdefault("language", spoken_language(translation.get_language()))
    application = CenterApplication.objects.create(applicant=applicant, **fields)
    audit(
        center=None,
        actor=applicant,
        verb="center_application.submitted",
        target=application,
        after={"institution": application.institution, "city": application.city},
    )
    for staff in User.objects.filter(is_program_staff=True, is_active=True):
        notify(
            staff,
            NotificationKind.CENTER_APPLICATION,
            title=lambda: (
                _("%(institution)s applies to open a service center")
                % {"institution": application.institution_name}
            ),
            body=application.plan[:300],
            url=reverse("program_application", kwargs={"pk": application.pk}),
        )
    return application


def application_language(application) -> str:
    """The language to answer an application in: the one its form was filled in (the
    applicant needs no account), else the applicant's."""
    applicant = application.applicant
    return email_language(application.language, applicant.language if applicant else "")


def _ensure_program_staff(actor):
    if not actor.is_program_staff:
        raise PermissionDenied(_("Only program staff decide on service center applications."))


def _lock_submitted(application) -> CenterApplication:
    application = CenterApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != CenterApplication.Status.SUBMITTED:
        raise ValidationError(_("This application has already been decided."))
    return application


@transaction.atomic
def center_application_license(
    *,
    actor,
    application,
    slug: str,
    name_zh: str,
    name_en: str,
    license_number: str = "",
    city: str = "",
    city_en: str = "",
    host_institution: str = "",
    host_institution_en: str = "",
) -> ServiceCenter:
    """License the applicant: the tenant is created and its first coordinator invited.

    The center's city and host institution, in both languages, default to the application's.
    """
    _ensure_program_staff(actor)
    application = _lock_submitted(application)
    if ServiceCenter.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another service center already uses this address.")})
    center = ServiceCenter.objects.create(
        slug=slug,
        name_zh=name_zh,
        name_en=name_en,
        city=city.strip() or application.city,
        city_en=city_en.strip() or application.city_en,
        host_institution=host_institution.strip() or application.institution,
        host_institution_en=host_institution_en.strip() or application.institution_en,
        contact_email=application.contact_email,
        contact_phone=application.contact_phone,
        status=ServiceCenter.Status.LICENSED,
        license_number=license_number or "",
        licensed_on=timezone.localdate(),
    )
    if not center.license_number:
        center.license_number = f"MP-{timezone.localdate():%Y}-{center.pk:04d}"
        center.save(update_fields=["license_number"])
    application.status = CenterApplication.Status.LICENSED
    application.center = center
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.save()
    with center_scope(center):
        University.objects.create(
            center=center, name_zh=application.institution, name_en=application.institution_en
        )
        audit(
            center=center,
            actor=actor,
            verb="center.licensed",
            target=center,
            after={"license_number": center.license_number, "application": application.pk},
        )
        invitation_send(
            center=center,
            actor=actor,
            email=application.coordinator_email,
            role=Role.COORDINATOR,
            # The applicant named the coordinator: a colleague who reads the same language.
            language=application_language(application),
        )
    send_email(
        "center_licensed",
        to=application.contact_email,
        language=address_language(application.contact_email, application_language(application)),
        center=center,
        context={"application": application, "link": absolute_url(_center_url(center))},
    )
    if application.applicant:
        notify(
            application.applicant,
            NotificationKind.CENTER_STATUS,
            center=center,
            title=lambda: _("%(center)s has been licensed") % {"center": center.name},
            body=lambda: (
                _("License %(number)s. The first coordinator has been invited.")
                % {"number": center.license_number}
            ),
            url=_center_url(center),
        )
    return center


@transaction.atomic
def center_application_reject(*, actor, application, comment: str) -> CenterApplication:
    _ensure_program_staff(actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the applicant why.")})
    application = _lock_submitted(application)
    application.status = CenterApplication.Status.REJECTED
    application.decision_comment = comment.strip()
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.save()
    audit(
        center=None,
        actor=actor,
        verb="center_application.rejected",
        target=application,
        after={"comment": application.decision_comment},
    )
    send_email(
        "center_application_rejected",
        to=application.contact_email,
        language=address_language(application.contact_email, application_language(application)),
        context={"application": application, "apply_url": absolute_url(reverse("center_apply"))},
    )
    if application.applicant:
        notify(
            application.applicant,
            NotificationKind.CENTER_APPLICATION,
            title=lambda: (
                _("Your application for %(institution)s was not accepted")
                % {"institution": application.institution_name}
            ),
            body=application.decision_comment,
        )
    return application


SETTINGS_FIELDS = (
    "name_zh",
    "name_en",
    "city",
    "city_en",
    "host_institution",
    "host_institution_en",
    "contact_email",
    "contact_phone",
    "brand_color",
)


@transaction.atomic
def center_update_settings(*, center, actor, changes: dict, logo=None) -> ServiceCenter:
    """The coordinator edits the center's names, contact and branding."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    center = ServiceCenter.objects.select_for_update().get(pk=center.pk)
    before, after = {}, {}
    for field in SETTINGS_FIELDS:
        if field in changes and getattr(center, field) != changes[field]:
            before[field], after[field] = getattr(center, field), changes[field]
            setattr(center, field, changes[field])
    if logo is not None:
        center.logo = logo
        after["logo"] = "replaced"
    center.full_clean()
    center.save()
    if after:
        audit(
            center=center,
            actor=actor,
            verb="center.settings_changed",
            target=center,
            before=before,
            after=after,
        )
    return center


@transaction.atomic
def university_save(*, center, actor, university=None, name_zh: str, name_en: str = ""):
    """Add a university to the center, or rename one."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    clash = University.objects.filter(center=center, name_zh=name_zh.strip())
    if university is not None:
        clash = clash.exclude(pk=university.pk)
    if clash.exists():
        raise ValidationError({"name_zh": _("This center already has a university of that name.")})
    before = {}
    if university is None:
        university = University(center=center)
    else:
        before = {"name_zh": university.name_zh, "name_en": university.name_en}
    university.name_zh, university.name_en = name_zh.strip(), name_en.strip()
    university.save()
    audit(
        center=center,
        actor=actor,
        verb="university.saved",
        target=university,
        before=before,
        after={"name_zh": university.name_zh, "name_en": university.name_en},
    )
    return university
