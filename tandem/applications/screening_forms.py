"""Forms of the screening pages: the list's filters, the decisions and the note of the initial conversation."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tandem.applications.models import Application, Role
from tandem.applications.screening_selectors import DEFAULT_ORDERING, ScreeningFilters
from tandem.core.models import Language, Region
from tandem.programs.models import Program

ANY = [("", _("Any"))]
DECISION_CHOICES = [
    (Application.Status.ACCEPTED, _("Accept")),
    (Application.Status.WAITLISTED, _("Waitlist")),
    (Application.Status.DECLINED, _("Decline")),
]
ORDERING_CHOICES = [
    ("-submitted", _("Newest first")),
    ("submitted", _("Oldest first")),
    ("name", _("Name, A to Z")),
    ("-name", _("Name, Z to A")),
]


class ScreeningFilterForm(forms.Form):
    """GET filters of the list. Codes and primary keys only: no personal data beyond a typed search."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    role = forms.ChoiceField(label=_("Role"), required=False, choices=ANY + Role.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + Application.Status.choices)
    topic = forms.ModelChoiceField(label=_("Topic"), required=False, queryset=None, empty_label=_("Any"))
    region = forms.ChoiceField(label=_("Region"), required=False, choices=ANY + Region.choices)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=ANY + Language.choices)
    order = forms.ChoiceField(label=_("Sort by"), required=False, choices=ORDERING_CHOICES)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Name, email, organization, or words of the motivation or objectives.")
        self.fields["topic"].queryset = program.topics.order_by("position", "pk")

    def filters(self) -> ScreeningFilters:
        """The filters that are valid; an invalid one (a hand-edited address) is ignored and shown in error."""
        if not self.is_bound:
            return ScreeningFilters()
        self.is_valid()
        data = self.cleaned_data
        return ScreeningFilters(
            role=data.get("role", ""),
            status=data.get("status", ""),
            topic=data.get("topic"),
            region=data.get("region", ""),
            language=data.get("language", ""),
            search=data.get("q", ""),
            ordering=data.get("order") or DEFAULT_ORDERING,
        )


class DecisionForm(forms.Form):
    """Accept, waitlist or decline; `decisions` narrows the choices to those the application can take now."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline. Kept in the application's history; only program staff see it."),
    )
    share_reason = forms.BooleanField(
        label=_("Include the reason in the email to the applicant"), required=False, initial=False
    )

    def __init__(self, *args: Any, decisions: Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if decisions is not None:
            offered = set(decisions)
            self.fields["decision"].choices = [
                (value, label) for value, label in DECISION_CHOICES if value in offered
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == Application.Status.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for declining."))
        if data.get("share_reason") and not data.get("reason", "").strip():
            self.add_error("share_reason", _("There is no reason to include: write one, or untick this box."))
        return data


class BulkDecisionForm(DecisionForm):
    """The same decision for the applications ticked in the list; only applications of this cycle are valid."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"),
        queryset=None,
        error_messages={"required": _("Tick at least one application.")},
    )

    def __init__(self, *args: Any, applications: QuerySet[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["reason"].help_text = _(
            "One reason for all the ticked applications. Required to decline."
        )


class ConversationForm(forms.Form):
    on = forms.DateField(
        label=_("Date of the conversation"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only program staff see this note."),
    )
