"""Where a walk-in stands in a mentor's queue and how long they may wait: plain arithmetic
on the numbers ahead, kept apart from the database so it can be tested on its own."""

from dataclasses import dataclass

# An estimate from fewer consultations than this leans on the activity's planned length.
MIN_SAMPLES = 3


@dataclass(frozen=True)
class Standing:
    position: int  # 0: called now; 1: next in line; 2: one person before them ...
    wait_minutes: int

    @property
    def is_called(self) -> bool:
        return self.position == 0

    @property
    def is_next(self) -> bool:
        return self.position == 1


def minutes_per_consultation(durations: list[float], planned: int) -> int:
    """The typical length of a consultation in this queue: the planned length until a few
    have been held, then the mean of those held, blended with the plan while samples are few."""
    held = [d for d in durations if d > 0]
    if not held:
        return planned
    mean = sum(held) / len(held)
    if len(held) < MIN_SAMPLES:
        mean = (mean * len(held) + planned * (MIN_SAMPLES - len(held))) / MIN_SAMPLES
    return max(1, round(mean))


def standing(*, waiting_before: int, serving: bool, per_consultation: int) -> Standing:
    """The standing of a waiting number: `waiting_before` numbers still wait ahead of it,
    and someone may be with the mentor now (`serving`)."""
    position = waiting_before + 1
    turns = waiting_before + (1 if serving else 0)
    return Standing(position=position, wait_minutes=turns * per_consultation)


def called() -> Standing:
    return Standing(position=0, wait_minutes=0)
