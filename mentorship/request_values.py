"""Whole numbers read from a query string or a posted form, where anything may arrive."""

from collections.abc import Iterable

# The largest value a BigAutoField key (and any integer column) holds; a larger "id" names
# no row, and handing it to the database would overflow its integer type.
MAX_ID = 2**63 - 1


def digits(raw) -> str:
    """`raw` as a run of ASCII digits without leading zeros, or "" if it is not one.

    No sign, exponent, underscore, or other scripts' digits, all of which int() accepts.
    """
    text = str(raw).strip() if isinstance(raw, str | int) else ""
    if not (text.isascii() and text.isdigit()):
        return ""
    return text.lstrip("0") or "0"


def whole_number(raw, *, maximum: int) -> int | None:
    """`raw` as a number from 0 to `maximum`, or None for anything else.

    A digit string longer than `maximum` is refused before it is converted, so a
    5,000-digit value costs nothing (and never meets int()'s own length limit).
    """
    text = digits(raw)
    if not text or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def parse_id(raw) -> int | None:
    """A row id sent by the browser, or None when it cannot name a row."""
    return whole_number(raw, maximum=MAX_ID) or None


def parse_ids(values: Iterable) -> list[int]:
    """The ids among `values` (e.g. request.POST.getlist(...)), junk left out."""
    return [number for number in map(parse_id, values) if number is not None]
