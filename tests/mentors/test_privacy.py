"""A mentor's and a mentee's part of their data copy and erasure: the pairing stays, what
they wrote and the mentor's contact details go."""

from mentors import services
from mentors.models import MentorProfile, Pairing
from mentorship.scoping import center_scope
from mentorship.services.privacy import account_erase, personal_data
from tests.factories import PASSWORD
from tests.mentors.factories import ConsultationSlotFactory, QueueTicketFactory


def paired(world):
    with center_scope(world.center):
        request = services.pairing_request(
            center=world.center,
            actor=world.student,
            approvals=world.approvals[:1],
            reason="想了解数据岗位。",
        )
        pairing = services.pairing_accept(
            center=world.center, actor=world.mentors[0], pairing=request.pairings.get()
        )
        services.pairing_close(
            center=world.center,
            actor=world.student,
            pairing=pairing,
            summary="收获很大。",
            completed=True,
        )
    return pairing


def test_the_copy_holds_the_pairing_for_both_sides(world):
    paired(world)
    mine = personal_data(world.student)["pairings"]
    assert mine[0]["reason"] == "想了解数据岗位。" and mine[0]["student_summary"] == "收获很大。"
    theirs = personal_data(world.mentors[0])
    assert theirs["mentor_profile"]["phone"] == world.approvals[0].profile.phone
    assert theirs["pairings"][0]["student"] == world.student.get_full_name()


def test_erasure_keeps_the_pairing_and_blanks_what_was_written(world):
    pairing = paired(world)
    account_erase(user=world.student, password=PASSWORD)
    account_erase(user=world.mentors[0], password=PASSWORD)
    with center_scope(world.center):
        pairing = Pairing.objects.select_related("request").get(pk=pairing.pk)
    assert pairing.status == Pairing.Status.COMPLETED
    assert (pairing.student_summary, pairing.request.reason) == ("", "")
    profile = MentorProfile.objects.get(pk=pairing.mentor_id)
    assert (profile.phone, profile.contact_email, profile.accepting) == ("", "", False)


def test_face_to_face_consultations_are_in_the_copy_and_the_note_goes_with_erasure(world, unscoped):
    ticket = QueueTicketFactory(
        seat__activity__center=world.center,
        student=world.student,
        number=3,
        status="done",
        note="方向清楚，需补项目经历",
    )
    ConsultationSlotFactory(activity=ticket.activity, student=world.student)
    mine = personal_data(world.student)["face_to_face"]
    assert mine["walk_in_numbers"][0]["note"] == "方向清楚，需补项目经历"
    assert mine["slots"][0]["activity"] == ticket.activity.title
    account_erase(user=world.student, password=PASSWORD)
    ticket.refresh_from_db()
    assert ticket.note == "" and ticket.status == "done"
