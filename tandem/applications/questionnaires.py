"""Program-defined questions turned into form fields, and the readiness score of a self-assessment."""

from collections.abc import Iterable, Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import Question

YES, NO = "yes", "no"
SCALE_CHOICES = [
    ("1", _("1 — Not at all")),
    ("2", _("2 — A little")),
    ("3", _("3 — Somewhat")),
    ("4", _("4 — Mostly")),
    ("5", _("5 — Completely")),
]
YES_NO_CHOICES = [(YES, _("Yes")), (NO, _("No"))]
# A rating of 4 or 5 means the person feels ready on that statement (see Question.Kind.SCALE).
READY_FROM = 4


def field_name(question: Question, prefix: str = "question") -> str:
    return f"{prefix}_{question.pk}"


def field_for(question: Question) -> forms.Field:
    """An accessible field for one question: radio groups render as a fieldset whose legend is the statement."""
    common = {"label": question.text, "help_text": question.help, "required": question.required}
    match question.kind:
        case Question.Kind.SCALE:
            return forms.ChoiceField(choices=SCALE_CHOICES, widget=forms.RadioSelect, **common)
        case Question.Kind.YES_NO:
            return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
        case Question.Kind.LONG_TEXT:
            return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **common)
        case _:
            return forms.CharField(max_length=400, **common)


def answer_from_cleaned(question: Question, value: object) -> int | str | None:
    """How an answer is stored: scale as an int, yes/no and text as strings, blank as nothing."""
    if value in (None, ""):
        return None
    if question.kind == Question.Kind.SCALE:
        return int(str(value))
    return str(value).strip()


def initial_from_answers(question: Question, answers: Mapping[str, object]) -> object:
    value = answers.get(str(question.pk))
    return None if value is None else str(value)


def is_ready_answer(question: Question, answer: object) -> bool | None:
    """True or False for a rated answer; None for a question that does not count (text, or unanswered)."""
    if answer is None:
        return None
    if question.kind == Question.Kind.SCALE:
        return int(str(answer)) >= READY_FROM
    if question.kind == Question.Kind.YES_NO:
        return answer == YES
    return None


def readiness(questions: Iterable[Question], answers: Mapping[str, object]) -> int | None:
    """Share of 'ready' answers among the rated answers, in percent; None when nothing was rated."""
    verdicts = [is_ready_answer(question, answers.get(str(question.pk))) for question in questions]
    rated = [verdict for verdict in verdicts if verdict is not None]
    if not rated:
        return None
    return round(100 * sum(rated) / len(rated))
