"""Engine reasons in the reader's language, with topic names and regions instead of ids and codes."""

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tandem.core.models import Region, localized
from tandem.matching.engine.model import Reason
from tandem.matching.engine.reasons import render
from tandem.programs.models import Topic

REGION_NAMES = dict(Region.choices)

# Points for the committee that the app adds (the engine does not raise them); same shape as the engine's
# reasons, but Django-side, so they go through the French catalogue like every other string.
FLAG_TEXTS = {
    "same_employer": _("same employer (%(employer)s)"),
    "not_preferred_mentor": _("the mentee asked for another mentor"),
    "avoid_list_to_check": _("check the people to avoid"),
}


class ReasonWriter:
    """Turns stored reason dicts into sentences; built once per page with the topics it may mention."""

    def __init__(self, topics: Iterable[Topic], language: str | None = None) -> None:
        self.language = (language or get_language() or "en")[:2]
        self.topic_names = {str(topic.pk): localized(topic, "name", self.language) for topic in topics}

    def _params(self, params: dict[str, object]) -> dict[str, object]:
        readable = dict(params)
        if isinstance(readable.get("items"), list):
            readable["items"] = [self.topic_names.get(str(item), str(item)) for item in readable["items"]]
        for key in ("region", "mentee_region", "mentor_region"):
            if key in readable:
                readable[key] = str(REGION_NAMES.get(readable[key], readable[key] or "?"))
        return readable

    def sentence(self, reason: dict[str, object]) -> str:
        code = str(reason.get("code", ""))
        params = self._params(dict(reason.get("params") or {}))
        if code in FLAG_TEXTS:
            with translation.override(self.language):
                return str(FLAG_TEXTS[code]) % params
        return render(Reason(code, params), self.language)

    def sentences(self, reasons: Iterable[dict[str, object]], limit: int | None = None) -> list[str]:
        items = list(reasons)
        return [self.sentence(reason) for reason in (items[:limit] if limit else items)]
