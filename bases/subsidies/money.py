"""Money in CNY as people read it: “¥24,000.00”, fen always shown."""

from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext

from bases.subsidy_math import to_fen


def format_cny(value) -> str:
    """The amount with thousands grouped and two decimals, in the current language.

    Django's Chinese format sets no thousands separator; Chinese financial documents group
    amounts by thousands with commas, so the comma is the fallback.
    """
    if value is None or value == "":
        return "—"
    try:
        amount = to_fen(Decimal(str(value)))
    except InvalidOperation:
        return str(value)
    whole, fen = f"{abs(amount):.2f}".split(".")
    separator = formats.get_format("THOUSAND_SEPARATOR") or ","
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    decimal_separator = formats.get_format("DECIMAL_SEPARATOR") or "."
    number = f"{separator.join(groups)}{decimal_separator}{fen}"
    return ("-" if amount < 0 else "") + gettext("¥%(amount)s") % {"amount": number}
