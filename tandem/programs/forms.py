"""Forms of the coordinator pages. They validate input; the services in services.py do every write."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tandem.core.models import InterfaceLanguage
from tandem.programs.models import (
    DOCUMENT_EXTENSIONS,
    Cycle,
    Program,
    ProgramRole,
    Question,
    Questionnaire,
    ReferenceDocument,
    Topic,
)
from tandem.programs.services import PROGRAM_FIELD_ORDER


class ProgramForm(forms.ModelForm):
    """A program's texts and rules. The slug is left out: it is in addresses people have bookmarked."""

    languages_offered = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=InterfaceLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose English, French or both.")},
    )

    class Meta:
        model = Program
        # The service decides which fields a coordinator may change; the form shows exactly those.
        fields = list(PROGRAM_FIELD_ORDER)
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
            "conflict_rules_en": forms.Textarea(attrs={"rows": 4}),
            "conflict_rules_fr": forms.Textarea(attrs={"rows": 4}),
        }

    # Shown as one fieldset each, so the long form reads as six short ones.
    SECTIONS = [
        (
            _("Program"),
            [
                "name_en",
                "name_fr",
                "description_en",
                "description_fr",
                "organizer",
                "contact_email",
                "languages_offered",
            ],
        ),
        (_("Membership"), ["membership_required", "membership_label_en", "membership_label_fr"]),
        (
            _("Relationships"),
            [
                "mentor_capacity_limit",
                "one_mentor_per_mentee",
                "min_meeting_minutes_per_month",
                "checkin_every_months",
            ],
        ),
        (
            _("Continuing-education credits"),
            ["credits_per_hour", "credit_earners", "credit_name_en", "credit_name_fr"],
        ),
        (
            _("Conflicts of interest"),
            ["forbid_same_employer", "forbid_reporting_line", "conflict_rules_en", "conflict_rules_fr"],
        ),
        (_("Personal data"), ["retention_years"]),
    ]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("membership_required") and not (
            cleaned.get("membership_label_en") or cleaned.get("membership_label_fr")
        ):
            self.add_error(
                "membership_label_en",
                _("Say what the membership number is called, so applicants know what to type."),
            )
        if cleaned.get("credits_per_hour") and not (
            cleaned.get("credit_name_en") or cleaned.get("credit_name_fr")
        ):
            self.add_error(
                "credit_name_en", _("Name the credits participants earn (for example, MOC Section 1).")
            )
        return cleaned


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name_en", "name_fr", "position", "active"]


class NewTopicForm(forms.ModelForm):
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to add the topic at the end of the list."),
    )

    class Meta:
        model = Topic
        fields = ["name_en", "name_fr", "position"]


class QuestionnaireForm(forms.ModelForm):
    """Introduction for every questionnaire; readiness threshold and guidance for self-assessments only."""

    class Meta:
        model = Questionnaire
        fields = [
            "intro_en",
            "intro_fr",
            "ready_threshold",
            "guidance_ready_en",
            "guidance_ready_fr",
            "guidance_reflect_en",
            "guidance_reflect_fr",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "intro_en",
                "intro_fr",
                "guidance_ready_en",
                "guidance_ready_fr",
                "guidance_reflect_en",
                "guidance_reflect_fr",
            )
        }
        help_texts = {
            "ready_threshold": _(
                "Share of statements rated 4 or 5 from which a person reads the 'ready' guidance."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.is_self_assessment:
            for name in list(self.fields):
                if name not in {"intro_en", "intro_fr"}:
                    del self.fields[name]


class QuestionForm(forms.ModelForm):
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=0,
        help_text=_("Questions are asked in this order. Leave empty to add the question at the end."),
    )

    class Meta:
        model = Question
        fields = ["text_en", "text_fr", "help_en", "help_fr", "kind", "required", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["position"].required = True
            self.fields["position"].help_text = _("Questions are asked in this order.")


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = [
            "name",
            "recruitment_opens",
            "recruitment_closes",
            "matching_date",
            "starts",
            "midpoint",
            "ends",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in (
                "recruitment_opens",
                "recruitment_closes",
                "matching_date",
                "starts",
                "midpoint",
                "ends",
            )
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The name is unique per program: knowing the program lets the form say so on the name field.
        self.instance.program = program


class CycleStatusForm(forms.Form):
    to = forms.ChoiceField(choices=Cycle.Status.choices)


class DocumentForm(forms.ModelForm):
    """A reference document: a file OR a link, never both (the model's clean says so on the right field)."""

    class Meta:
        model = ReferenceDocument
        fields = ["stage", "title_en", "title_fr", "language", "file", "url"]
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in DOCUMENT_EXTENSIONS)})
        }
        help_texts = {
            "url": _("Give a link instead of a file, for example to a page of your association's site.")
        }


class TeamMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of their Tandem account"),
        help_text=_("The person must already have an account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProgramRole.Role.choices)


class TeamRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ProgramRole.Role.choices)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
