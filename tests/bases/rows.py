"""Row makers of the isolation matrix for the bases app's URLs.

Each row is one the center's bureau staff may open (the matrix's positive control signs in
as the first role a view declares, and bureau staff come first on the pages both parties
share); the rules between enterprises are tested in test_object_access.py.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.bases.factories import PDF_BYTES, PositionFactory, TrainingBaseFactory
from tests.factories import UserFactory
from tests.isolation import Row, row_maker

# One small file is enough for every run: the matrix only needs a licence to serve.
LICENCE_NAME = "private/licences/isolation-matrix.pdf"


def _submitted_base(center, **traits):
    traits = traits or {"submitted": True}
    return TrainingBaseFactory(center=center, **traits)


def _base_row(center, **traits):
    base = _submitted_base(center, **traits)
    return Row({"pk": base.pk}, secret=base.introduction)


def _enterprise_row(center):
    base = _submitted_base(center)
    return Row({"pk": base.enterprise.pk}, secret=base.enterprise.name_zh)


def _position_row(center):
    position = PositionFactory(base__center=center)
    return Row({"pk": position.pk}, secret=position.title)


@row_maker("center:bases:enterprise_detail")
def _enterprise_detail(center):
    return _enterprise_row(center)


@row_maker("center:bases:enterprise_edit")
def _enterprise_edit(center):
    return _enterprise_row(center)


@row_maker("center:bases:enterprise_licence")
def _enterprise_licence(center):
    if not default_storage.exists(LICENCE_NAME):
        default_storage.save(LICENCE_NAME, ContentFile(PDF_BYTES))
    base = _submitted_base(center)
    base.enterprise.business_licence.name = LICENCE_NAME
    base.enterprise.save(update_fields=["business_licence"])
    # A file response has no page text to search; the status codes tell.
    return Row({"pk": base.enterprise.pk})


@row_maker("center:bases:enterprise_representative_add")
def _enterprise_representative_add(center):
    return _enterprise_row(center)


@row_maker("center:bases:enterprise_representative_remove")
def _enterprise_representative_remove(center):
    base = _submitted_base(center)
    person = UserFactory()
    base.enterprise.representatives.add(person, UserFactory())
    return Row({"pk": base.enterprise.pk, "user_pk": person.pk}, secret=base.enterprise.name_zh)


@row_maker("center:bases:base_detail")
def _base_detail(center):
    return _base_row(center)


@row_maker("center:bases:base_edit")
def _base_edit(center):
    return _base_row(center)


@row_maker("center:bases:base_submit")
def _base_submit(center):
    return _base_row(center)


@row_maker("center:bases:base_start_review")
def _base_start_review(center):
    return _base_row(center)


@row_maker("center:bases:base_recognize")
def _base_recognize(center):
    return _base_row(center, under_review=True)


@row_maker("center:bases:base_return")
def _base_return(center):
    return _base_row(center, under_review=True)


@row_maker("center:bases:base_reject")
def _base_reject(center):
    return _base_row(center, under_review=True)


@row_maker("center:bases:base_positions")
def _base_positions(center):
    position = PositionFactory(base__center=center)
    return Row({"pk": position.base.pk}, secret=position.title)


@row_maker("center:bases:position_create")
def _position_create(center):
    return _base_row(center, recognized=True)


@row_maker("center:bases:position_detail")
def _position_detail(center):
    return _position_row(center)


@row_maker("center:bases:position_edit")
def _position_edit(center):
    return _position_row(center)


@row_maker("center:bases:position_publish")
def _position_publish(center):
    return _position_row(center)


@row_maker("center:bases:position_close")
def _position_close(center):
    return _position_row(center)


# Subsidy claims: a submitted claim of the center, so that its bureau staff (the first role
# the shared pages declare) may open it.

EVIDENCE_NAME = "private/subsidy-evidence/isolation-matrix.pdf"


def _submitted_claim(center):
    from datetime import date

    from mentorship.models import Membership, Role
    from subsidies import services
    from tests.subsidies.factories import internship_base, placement

    rep = UserFactory()
    Membership.objects.create(center=center, user=rep, role=Role.ENTERPRISE)
    base = internship_base(center, rep)
    placement(base, date(2025, 6, 1), date(2025, 12, 1))
    if not default_storage.exists(EVIDENCE_NAME):
        default_storage.save(EVIDENCE_NAME, ContentFile(PDF_BYTES))
    claim = services.subsidy_claim_open(center=center, actor=rep, base=base, year=2025, number=3)
    for line in claim.lines.all():
        line.stipend_proof.name = line.insurance_proof.name = EVIDENCE_NAME
        line.save()
    return services.subsidy_claim_submit(center=center, actor=rep, claim=claim)


def _claim_row(center):
    claim = _submitted_claim(center)
    return Row({"pk": claim.pk}, secret=claim.base.enterprise.name_en)


def _line_row(center, **extra):
    claim = _submitted_claim(center)
    line = claim.lines.get()
    return Row({"pk": line.pk, **extra}, secret=claim.base.enterprise.name_en)


for _name in (
    "claim_detail",
    "claim_recompute",
    "claim_evidence",
    "claim_submit",
    "claim_discard",
    "claim_approve",
    "claim_return",
    "claim_reject",
    "claim_paid",
):
    row_maker(f"center:subsidies:{_name}")(_claim_row)

row_maker("center:subsidies:line_evidence")(_line_row)
row_maker("center:subsidies:line_review")(_line_row)


@row_maker("center:subsidies:line_evidence_file")
def _line_evidence_file(center):
    # A file response has no page text to search; the status codes tell.
    return Row(_line_row(center, kind="stipend").kwargs)
