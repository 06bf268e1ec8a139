"""Money in CNY as people read it: “¥24,000.00”, fen always shown."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext

FEN = Decimal("0.01")


def to_fen(amount: Fraction | Decimal) -> Decimal:
    """Round half-up to 0.01 CNY, from an exact fraction or a Decimal."""
    if isinstance(amount, Fraction):
        amount = Decimal(amount.numerator) / Decimal(amount.denominator)
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


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
