"""Row makers of the isolation matrix for event URLs."""

from tests.events.factories import EventFactory
from tests.isolation import Row, row_maker


def _event(center, **kwargs):
    return EventFactory(center=center, title="行级秘密讲座", **kwargs)


@row_maker("center:events:detail")
def _detail(center):
    return Row({"pk": _event(center, status="draft").pk}, secret="行级秘密讲座", role="coordinator")


@row_maker("center:events:edit")
def _edit(center):
    return Row({"pk": _event(center).pk}, secret="行级秘密讲座")


@row_maker("center:events:publish")
def _publish(center):
    return Row({"pk": _event(center, status="draft").pk})


@row_maker("center:events:cancel")
def _cancel(center):
    return Row({"pk": _event(center).pk})
