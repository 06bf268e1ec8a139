"""Positions and estimated waits of the walk-in queue, as arithmetic."""

from mentors.queue_math import called, minutes_per_consultation, standing


def test_the_first_waiting_number_is_next_and_waits_for_the_one_being_served():
    first = standing(waiting_before=0, serving=True, per_consultation=15)
    assert first.position == 1 and first.is_next
    assert first.wait_minutes == 15


def test_nobody_served_and_nobody_ahead_means_no_wait():
    alone = standing(waiting_before=0, serving=False, per_consultation=15)
    assert alone.is_next and alone.wait_minutes == 0


def test_each_number_ahead_adds_one_consultation():
    third = standing(waiting_before=2, serving=True, per_consultation=12)
    assert third.position == 3 and not third.is_next
    assert third.wait_minutes == 36


def test_a_called_number_stands_at_position_zero():
    assert called().is_called and called().wait_minutes == 0


def test_the_plan_holds_until_consultations_are_held():
    assert minutes_per_consultation([], planned=15) == 15


def test_few_samples_lean_on_the_plan():
    # One consultation of 30 minutes against a plan of 15: (30 + 15 + 15) / 3.
    assert minutes_per_consultation([30], planned=15) == 20


def test_enough_samples_give_their_mean():
    assert minutes_per_consultation([10, 12, 14, 8], planned=30) == 11


def test_zero_length_consultations_are_left_out():
    assert minutes_per_consultation([0, 0], planned=15) == 15
