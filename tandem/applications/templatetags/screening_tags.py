"""Template helpers of the screening pages."""

from django import template
from django.template.defaulttags import querystring

from tandem.core.models import Language

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    """`["fr", "en"]` → "French, English" in the active language; an unknown code is shown as it is."""
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


@register.simple_tag(takes_context=True)
def list_filters(context: template.Context, **overrides: object) -> str:
    """The list's filters as a query string, like `{% querystring %}`, but empty rather than a lone "?"."""
    query = querystring(context, **overrides)
    return "" if query == "?" else query
