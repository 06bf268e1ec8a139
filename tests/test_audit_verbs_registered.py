"""Every audit verb the code writes has a sentence in the registry.

The verbs are collected from the sources: every `verb="..."` keyword given to audit(), and
f-string verbs expanded over the states their code can reach.
"""

import ast
from pathlib import Path

from bases.models import BaseReview, TrainingBase
from bases.services import BASE_TRANSITIONS
from mentorship.audit_registry import AUDIT_VERBS
from mentorship.services.centers import CENTER_TRANSITIONS
from students.services.applications import ENTERPRISE_TRANSITIONS
from subsidies.models import SubsidyClaim

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"tests", ".venv", "migrations", "node_modules", "artifacts", "bench"}


def _reachable(transitions) -> set[str]:
    return {str(state) for targets in transitions.values() for state in targets}


# An f-string verb, as its source reads, and the values it can take.
DYNAMIC_VERBS = {
    "base.{to}": {f"base.{s}" for s in BASE_TRANSITIONS[TrainingBase.Status.UNDER_REVIEW]},
    "application.{to}": {f"application.{s}" for s in _reachable(ENTERPRISE_TRANSITIONS)},
    "center.{to}": {f"center.{s}" for s in _reachable(CENTER_TRANSITIONS)},
    # _decide_approval: the claim is approved in full or in part.
    # base_review_decide: the bureau keeps, warns or revokes.
    "base.review_{decision}": {f"base.review_{d}" for d in BaseReview.Decision.values},
    "subsidy_claim.{claim.status}": {
        f"subsidy_claim.{s}"
        for s in (SubsidyClaim.Status.APPROVED, SubsidyClaim.Status.PARTLY_APPROVED)
    },
}


def _sources():
    for path in ROOT.rglob("*.py"):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def _fstring_source(node: ast.JoinedStr) -> str:
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(value.value)
        else:
            parts.append("{" + ast.unparse(value.value) + "}")
    return "".join(parts)


def _verb_nodes(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "verb":
                yield keyword.value


def collect_verbs() -> tuple[set[str], set[str]]:
    """(verbs written, f-string verbs nobody has expanded)."""
    verbs, unexpanded = set(), set()
    for path in _sources():
        for node in _verb_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                verbs.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                source = _fstring_source(node)
                if source in DYNAMIC_VERBS:
                    verbs |= DYNAMIC_VERBS[source]
                else:
                    unexpanded.add(f"{source} in {path.relative_to(ROOT)}")
    return verbs, unexpanded


def test_every_verb_written_in_the_code_has_a_sentence():
    verbs, unexpanded = collect_verbs()
    # The collection itself works: well-known verbs of every floor are found.
    assert {"student.verified", "base.recognized", "placement.created", "event.cancelled"} <= verbs
    assert not unexpanded, f"say in DYNAMIC_VERBS which verbs these can write: {unexpanded}"
    missing = sorted(verbs - AUDIT_VERBS.keys())
    assert not missing, f"audit verbs without a registered sentence: {missing}"


def test_every_registered_sentence_names_only_the_actor_and_the_object():
    for verb in AUDIT_VERBS.values():
        text = str(verb.sentence)
        assert "%(actor)s" in text, verb.name
        assert text % {"actor": "A", "target": "B"}, verb.name
        assert str(verb.label), verb.name
