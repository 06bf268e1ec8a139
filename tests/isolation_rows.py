"""Row makers of the isolation matrix (one per center URL whose path names a row) and of
the site matrix (program staff's pages whose path names a row)."""

from mentorship.models import CalendarFeed
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import InvitationFactory, MembershipFactory, UniversityFactory, UserFactory
from tests.isolation import Row, row_maker


@row_maker("center:invitation_revoke")
def _invitation_revoke(center):
    invitation = InvitationFactory(center=center)
    return Row({"pk": invitation.pk}, secret=invitation.email)


@row_maker("center:invitation_accept")
def _invitation_accept(center):
    invitation = InvitationFactory(center=center)
    return Row({"token": invitation.token}, secret=invitation.email)


@row_maker("center:university_edit")
def _university_edit(center):
    university = UniversityFactory(center=center, name_zh="行级秘密大学")
    return Row({"pk": university.pk}, secret="行级秘密大学")


@row_maker("center:member_remove")
def _member_remove(center):
    membership = MembershipFactory(center=center, user=UserFactory(name="Secret Member"))
    return Row({"pk": membership.pk}, secret="Secret Member")


def _report(center):
    from django.core.files.base import ContentFile

    from mentorship.models import Report, Role

    requester = MembershipFactory(
        center=center, role=Role.COORDINATOR, user=UserFactory(name="Report Requester")
    ).user
    report = Report(
        center=center,
        kind="center_members",
        format="csv",
        requested_by=requester,
        status=Report.Status.DONE,
        row_count=1,
    )
    report.file.save("members.csv", ContentFile(b"secret-report-row\n"), save=False)
    report.save()
    return report


@row_maker("center:report")
def _report_page(center):
    return Row({"pk": _report(center).pk}, secret="Report Requester", role="coordinator")


@row_maker("center:report_download")
def _report_download(center):
    return Row({"pk": _report(center).pk}, role="coordinator")


# The site matrix: program staff's pages, reached from outside any center.


@row_maker("program_center_status")
def _program_center_status(center):
    return Row({"pk": center.pk})


@row_maker("program_application")
def _program_application(center):
    from mentorship.models import CenterApplication

    application = CenterApplication.objects.create(
        institution="行级秘密学院",
        city="黄山",
        contact_name="王老师",
        contact_email="wang@college.example",
        contact_phone="0559-1234567",
        coordinator_name="李老师",
        coordinator_email="li@college.example",
        plan="A plan for the center.",
    )
    return Row({"pk": application.pk}, secret="行级秘密学院")


def _program_report():
    from django.core.files.base import ContentFile

    from mentorship.models import Report

    report = Report(
        center=None,
        kind="subsidy_claims",
        format="csv",
        requested_by=UserFactory(name="Program Report Requester", is_program_staff=True),
        status=Report.Status.DONE,
        row_count=1,
    )
    report.file.save("claims.csv", ContentFile(b"secret-report-row\n"), save=False)
    report.save()
    return report


@row_maker("program_report")
def _program_report_page(center):
    return Row({"pk": _program_report().pk}, secret="Program Report Requester")


@row_maker("program_report_download")
def _program_report_download(center):
    return Row({"pk": _program_report().pk})


@row_maker("figures_json")
def _figures_json(center):
    return Row({"name": "students.trainees"})


@row_maker("figures_csv")
def _figures_csv(center):
    return Row({"name": "bases.positions_open"})


@row_maker("center:calendar_feed")
def _calendar_feed(center):
    event = EventFactory(center=center, title="行级秘密日历讲座")
    registration = RegistrationFactory(event=event)
    feed = CalendarFeed.objects.create(center=center, user=registration.user)
    return Row({"token": feed.token}, secret="行级秘密日历讲座")
