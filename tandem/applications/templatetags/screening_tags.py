"""Template helpers of the screening pages."""

from django import template

from tandem.core.models import Language

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    """`["fr", "en"]` → "French, English" in the active language; an unknown code is shown as it is."""
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])
