"""Row makers of the isolation matrix: one per center URL whose path names a row."""

from tests.factories import InvitationFactory
from tests.isolation import Row, row_maker


@row_maker("center:invitation_revoke")
def _invitation_revoke(center):
    invitation = InvitationFactory(center=center)
    return Row({"pk": invitation.pk}, secret=invitation.email)


@row_maker("center:invitation_accept")
def _invitation_accept(center):
    invitation = InvitationFactory(center=center)
    return Row({"token": invitation.token}, secret=invitation.email)
