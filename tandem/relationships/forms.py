"""Forms of the pair workspace. They validate input; the services decide and save."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import Program
from tandem.relationships.models import (
    Agreement,
    Goal,
    MeetingFormatChoice,
    ProgramWorkspaceSettings,
    Relationship,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "meeting_frequency",
            "usual_length_minutes",
            "meeting_format",
            "cancellation_policy",
            "other_rules",
            "starts_on",
            "planned_end",
        ]
        widgets = {
            "starts_on": DateInput(),
            "planned_end": DateInput(),
            "meeting_frequency": forms.RadioSelect,
            "meeting_format": forms.RadioSelect,
            "cancellation_policy": forms.Textarea(attrs={"rows": 3}),
            "other_rules": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "cancellation_policy": _(
                "For example: tell the other at least 24 hours before and propose a new date."
            ),
            "usual_length_minutes": _("Between 15 and 480 minutes."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_on, planned_end = cleaned.get("starts_on"), cleaned.get("planned_end")
        if starts_on and planned_end and planned_end <= starts_on:
            self.add_error("planned_end", _("The planned end must come after the start."))
        return cleaned

    def agreement_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SignatureForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=200,
        help_text=_("Your typed name, the date and time and the version of the text are recorded."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirm = forms.BooleanField(label=_("I have read this text and I agree to it."))


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "specific",
            "measurable",
            "achievable",
            "relevant",
            "target_date",
            "capability",
            "status",
            "progress_notes",
        ]
        widgets = {
            "target_date": DateInput(),
            "measurable": forms.Textarea(attrs={"rows": 2}),
            "achievable": forms.Textarea(attrs={"rows": 2}),
            "relevant": forms.Textarea(attrs={"rows": 2}),
            "progress_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        domains = program.capability_domains.order_by("position", "pk")
        if domains.exists():
            self.fields["capability"].queryset = domains
            self.fields["capability"].empty_label = _("None")
            self.fields["capability"].label_from_instance = lambda domain: domain.name
        else:
            del self.fields["capability"]

    def clean_target_date(self) -> datetime.date:
        target_date = self.cleaned_data["target_date"]
        unchanged = self.instance.pk is not None and self.instance.target_date == target_date
        if target_date < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("Choose a target date from today on."))
        return target_date

    def goal_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class PlanMeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=480, initial=60)
    meeting_format = forms.ChoiceField(
        label=_("Format"), choices=MeetingFormatChoice.choices, widget=forms.RadioSelect
    )
    location = forms.CharField(label=_("Place or video link (optional)"), max_length=300, required=False)

    def clean_starts_at(self) -> datetime.datetime:
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("Choose a date and time in the future."))
        return starts_at


class LogMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date held"), widget=DateInput())
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=600)
    meeting_format = forms.ChoiceField(
        label=_("Format"), choices=MeetingFormatChoice.choices, widget=forms.RadioSelect
    )
    private_notes = forms.CharField(
        label=_("Private notes (only the two of you can read them)"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_held_on(self) -> datetime.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A meeting can only be logged once it took place."))
        return held_on


class ConcernForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the coordinator"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the program's coordinators read it. The other participant is not told."),
    )


class CertifiedForm(forms.Form):
    certified = forms.BooleanField(
        label=_("I am a certified member (this is shown on my statement)"), required=False
    )


class PlannedEndForm(forms.Form):
    reflection = forms.CharField(
        label=_("Your reflection: what do you take away from this relationship?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EarlyEndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you ending the relationship now?"),
        choices=Relationship.EndReason.choices,
        widget=forms.RadioSelect,
    )
    reflection = forms.CharField(
        label=_("Your reflection (optional; the other participant can read it)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_rematch = forms.BooleanField(
        label=_("I would like the coordinator to match me with someone else"), required=False
    )
    confirm = forms.BooleanField(label=_("I understand that an ended relationship cannot be reopened."))


class ExtensionForm(forms.Form):
    new_end = forms.DateField(label=_("New planned end"), widget=DateInput())

    def __init__(self, *args: Any, relationship: Relationship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.relationship = relationship

    def clean_new_end(self) -> datetime.date:
        new_end = self.cleaned_data["new_end"]
        if new_end <= self.relationship.planned_end:
            raise forms.ValidationError(_("The new end must come after the planned end."))
        if (new_end - self.relationship.planned_end).days > 366:
            raise forms.ValidationError(_("An extension lasts at most one year."))
        return new_end


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Your reflection"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class WorkspaceSettingsForm(forms.ModelForm):
    """The program's texts for pair workspaces, and its leadership capabilities framework."""

    capability_domains = forms.CharField(
        label=_("Leadership capabilities framework (optional)"),
        help_text=_(
            "One domain per line, English then French separated by a vertical bar, e.g. "
            "“Lead self | Être leader de soi-même”. Pairs can link a goal to a domain."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    class Meta:
        model = ProgramWorkspaceSettings
        fields = [
            "confidentiality_text_en",
            "confidentiality_text_fr",
            "agreement_intro_en",
            "agreement_intro_fr",
            "meeting_interval_days",
        ]
        widgets = {
            "confidentiality_text_en": forms.Textarea(attrs={"rows": 6}),
            "confidentiality_text_fr": forms.Textarea(attrs={"rows": 6}),
            "agreement_intro_en": forms.Textarea(attrs={"rows": 4}),
            "agreement_intro_fr": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_capability_domains(self) -> list[tuple[str, str]]:
        domains = []
        for number, line in enumerate(self.cleaned_data["capability_domains"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 2 or not all(parts) or any(len(part) > 120 for part in parts):
                raise forms.ValidationError(
                    _("Line %(number)s: write the English name, a vertical bar, then the French name.")
                    % {"number": number}
                )
            domains.append((parts[0], parts[1]))
        return domains
