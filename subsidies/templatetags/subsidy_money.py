"""Template filter `cny`: an amount of money as people read it (see mentorship.money)."""

from django import template

from mentorship.money import format_cny

register = template.Library()


@register.filter
def cny(value) -> str:
    return format_cny(value)
