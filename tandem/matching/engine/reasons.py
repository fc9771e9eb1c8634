"""Plain-word rendering of reason codes, in English and French (a pure table, no gettext)."""

from __future__ import annotations

from typing import Any

from .model import Reason

LANGUAGES = ("en", "fr")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "shared_topics": "shares {count} of the mentee's {of} topics ({items})",
        "shared_expertise": "has {count} of the {of} expertise areas wanted ({items})",
        "same_industry": "same industry ({industry})",
        "same_region": "same region ({region})",
        "virtual_region": "can meet virtually ({mentee_region} / {mentor_region})",
        "seniority": "{gap} more years of experience",
        "text_similarity": "goals match the mentor's experience (similarity {similarity})",
        "preferred": "the mentee asked for this mentor",
        "listed_score": "score {score} from the program's list",
        "locked": "pair fixed by a coordinator",
        "no_eligible_mentor": "no eligible mentor",
        "all_eligible_full": "every eligible mentor is full ({eligible} eligible)",
        "not_on_lists": "no acceptable mentor would take this mentee",
        "no_shared_language": "no shared language",
        "same_employer": "same employer ({employer})",
        "avoided_by_mentee": "the mentee asked to avoid this mentor",
        "avoided_by_mentor": "the mentor asked to avoid this mentee",
        "reporting_line": "reporting line between them",
        "ended_pair": "this pair already ended",
        "blocked": "blocked by a coordinator",
        "self_pair": "a person cannot mentor themselves",
        "below_min_score": "score {score} is below the program minimum {min_score}",
        "not_listed": "pair not in the program's list",
    },
    "fr": {
        "shared_topics": "partage {count} des {of} sujets du mentoré ({items})",
        "shared_expertise": "possède {count} des {of} expertises recherchées ({items})",
        "same_industry": "même secteur ({industry})",
        "same_region": "même région ({region})",
        "virtual_region": "rencontres possibles à distance ({mentee_region} / {mentor_region})",
        "seniority": "{gap} années d'expérience de plus",
        "text_similarity": "objectifs proches de l'expérience du mentor (similarité {similarity})",
        "preferred": "le mentoré a demandé ce mentor",
        "listed_score": "score {score} selon la liste du programme",
        "locked": "jumelage fixé par une coordonnatrice ou un coordonnateur",
        "no_eligible_mentor": "aucun mentor admissible",
        "all_eligible_full": "tous les mentors admissibles sont complets ({eligible} admissibles)",
        "not_on_lists": "aucun mentor acceptable ne retient ce mentoré",
        "no_shared_language": "aucune langue commune",
        "same_employer": "même employeur ({employer})",
        "avoided_by_mentee": "le mentoré a demandé d'éviter ce mentor",
        "avoided_by_mentor": "le mentor a demandé d'éviter ce mentoré",
        "reporting_line": "lien hiérarchique entre les deux",
        "ended_pair": "ce jumelage a déjà pris fin",
        "blocked": "bloqué par une coordonnatrice ou un coordonnateur",
        "self_pair": "une personne ne peut pas se mentorer elle-même",
        "below_min_score": "le score {score} est sous le minimum du programme ({min_score})",
        "not_listed": "jumelage absent de la liste du programme",
    },
}


def _fmt(value: Any, lang: str) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if value is None:
        return "?"
    if isinstance(value, float) and lang == "fr":
        return f"{value:g}".replace(".", ",")
    return str(value)


def render(reason: Reason, lang: str = "en") -> str:
    """The reason in plain words; unknown codes fall back to the code itself."""
    table = MESSAGES.get(lang, MESSAGES["en"])
    template = table.get(reason.code)
    if template is None:
        return reason.code
    return template.format(**{k: _fmt(v, lang) for k, v in reason.params.items()})
