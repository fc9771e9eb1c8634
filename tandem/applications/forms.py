from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.applications.consents import PARTICIPATION_CONSENT_TEXT, PARTICIPATION_CONSENT_VERSION
from tandem.applications.models import Application, Role
from tandem.applications.questionnaires import (
    answer_from_cleaned,
    field_for,
    field_name,
    initial_from_answers,
)
from tandem.applications.selectors import preferred_mentor_choices
from tandem.core.models import Language
from tandem.programs.models import Cycle, Question, Questionnaire
from tandem.programs.selectors import questions_to_ask


class SelfAssessmentForm(forms.Form):
    """The program's 'is mentoring for me?' questions, one field per question."""

    def __init__(
        self,
        *args: Any,
        questionnaire: Questionnaire,
        answers: dict[str, object] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions: list[Question] = list(questions_to_ask(questionnaire))
        for question in self.questions:
            name = field_name(question)
            self.fields[name] = field_for(question)
            self.initial[name] = initial_from_answers(question, answers or {})

    def answers(self) -> dict[str, object]:
        return {
            str(question.pk): answer_from_cleaned(question, self.cleaned_data.get(field_name(question)))
            for question in self.questions
        }


class PreferredMentorField(forms.ModelChoiceField):
    """Names a mentor by what they chose to show: name, job title and organization, nothing else."""

    def label_from_instance(self, obj: Application) -> str:
        details = ", ".join(part for part in (obj.user.job_title, obj.user.organization) if part)
        return f"{obj.user.display_name} — {details}" if details else obj.user.display_name


COMMON_FIELDS = [
    "context_of_practice",
    "motivation",
    "topics",
    "industry",
    "employer",
    "manager_email",
    "region",
    "languages",
    "years_of_experience",
    "meeting_format",
    "availability",
    "people_to_avoid",
    "membership_number",
    "supervisor_supports",
]
ROLE_FIELDS = {Role.MENTOR: ["capacity", "expertise"], Role.MENTEE: ["objectives", "preferred_mentor"]}
# Required as soon as the person applies in that role (the model allows blanks for the other role).
REQUIRED_FOR_ROLE = {Role.MENTOR: {"capacity", "expertise"}, Role.MENTEE: {"objectives"}}


class ApplicationForm(forms.ModelForm):
    """The answers of an application. The registration form adds the roles and the consents."""

    languages = forms.MultipleChoiceField(
        label=_("Languages for mentoring"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    preferred_mentor = PreferredMentorField(
        label=_("Preferred mentor (optional)"),
        queryset=Application.objects.none(),
        required=False,
        empty_label=_("No preference"),
        help_text=_("Only mentors who chose to show their profile to other participants are listed."),
    )

    class Meta:
        model = Application
        fields = [*COMMON_FIELDS, "capacity", "expertise", "objectives", "preferred_mentor"]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "meeting_format": forms.RadioSelect,
            "context_of_practice": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "people_to_avoid": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"objectives": _("Your goals as a mentee"), "expertise": _("Your expertise as a mentor")}
        help_texts = {
            "context_of_practice": _("Your role, your setting and the people you work with."),
            "availability": _("For example: weekday evenings, one hour a month."),
        }

    def __init__(
        self,
        *args: Any,
        cycle: Cycle,
        user: User,
        questionnaires: dict[str, Questionnaire | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cycle, self.user, program = cycle, user, cycle.program
        self.fields["topics"].queryset = program.topics.filter(active=True)
        self.fields["preferred_mentor"].queryset = preferred_mentor_choices(cycle, for_user=user)
        self.fields["capacity"] = forms.IntegerField(
            label=capfirst(Application._meta.get_field("capacity").verbose_name),
            min_value=1,
            max_value=program.mentor_capacity_limit,
            required=False,
            help_text=gettext("From 1 to %(limit)s in this program.")
            % {"limit": program.mentor_capacity_limit},
        )
        if program.membership_required:
            self.fields["membership_number"].required = True
            self.fields["membership_number"].label = program.membership_label
        else:
            del self.fields["membership_number"]

        self.questions: dict[str, list[Question]] = {role: [] for role in Role.values}
        for role, questionnaire in questionnaires.items():
            if questionnaire is None:
                continue
            for question in questions_to_ask(questionnaire):
                self.questions[role].append(question)
                name = field_name(question, prefix=role)
                self.fields[name] = field_for(question)
                self.initial.setdefault(name, initial_from_answers(question, self.instance.extra_answers))

        for role in set(Role.values) - self.roles_offered():
            for name in self.role_field_names(role):
                del self.fields[name]
        self.roles_in_play = self.chosen_roles()
        for role in Role.values:
            for name in self.role_field_names(role):
                field = self.fields[name]
                required_in_role = name in REQUIRED_FOR_ROLE[role] or (
                    name not in ROLE_FIELDS[role] and field.required  # a program question marked required
                )
                field.required = required_in_role and role in self.roles_in_play

    def roles_offered(self) -> set[str]:
        """Roles whose questions the form shows: an edit shows those of the application's role only."""
        return {self.instance.role}

    def chosen_roles(self) -> set[str]:
        """Roles whose answers are required and kept."""
        return {self.instance.role}

    def role_field_names(self, role: str) -> list[str]:
        names = ROLE_FIELDS[role] + [field_name(question, prefix=role) for question in self.questions[role]]
        return [name for name in names if name in self.fields]

    def _section(self, names: Iterable[str]) -> list[BoundField]:
        return [self[name] for name in names if name in self.fields]

    @property
    def common_section(self) -> list[BoundField]:
        return self._section(COMMON_FIELDS)

    @property
    def mentor_section(self) -> list[BoundField]:
        return self._section(self.role_field_names(Role.MENTOR))

    @property
    def mentee_section(self) -> list[BoundField]:
        return self._section(self.role_field_names(Role.MENTEE))

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        # Answers for a role the person is not applying in are dropped, never a reason to refuse the form.
        for role in set(Role.values) - self.roles_in_play:
            for name in self.role_field_names(role):
                self.errors.pop(name, None)
                cleaned_data.pop(name, None)
        return cleaned_data

    def application_fields(self) -> dict[str, object]:
        """The model fields typed in the form, for the services (which keep only those of each role)."""
        names = [name for name in self._meta.fields if name in self.fields and name != "topics"]
        return {name: self.cleaned_data.get(name) for name in names}

    def extra_answers(self, role: str) -> dict[str, object]:
        answers = {
            str(question.pk): answer_from_cleaned(
                question, self.cleaned_data.get(field_name(question, prefix=role))
            )
            for question in self.questions[role]
        }
        return {key: value for key, value in answers.items() if value is not None}


class RegistrationForm(ApplicationForm):
    """Apply as mentor, mentee or both, with the consent to take part and the profile-sharing choice."""

    field_order = ["roles"]

    roles = forms.MultipleChoiceField(
        label=_("I apply as"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose both to be a mentor and a mentee in this cycle (never paired with yourself)."),
    )
    consent = forms.BooleanField(label=PARTICIPATION_CONSENT_TEXT, required=True)
    profile_visible = forms.BooleanField(
        label=_("Show my profile to other participants"),
        required=False,
        help_text=_(
            "Off by default. When on, mentees of this cycle can see your name, job title and organization "
            "and name you as their preferred mentor. You can change this in your profile at any time."
        ),
    )

    def __init__(self, *args: Any, available_roles: list[str], **kwargs: Any) -> None:
        self.available_roles = available_roles
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["roles"].choices = [(role, labels[role]) for role in available_roles]
        if len(available_roles) == 1:
            self.fields["roles"].help_text = gettext("You already applied in the other role in this cycle.")
        self.fields["consent"].help_text = gettext("Consent text, version %(version)s.") % {
            "version": PARTICIPATION_CONSENT_VERSION
        }
        if not self.is_bound:
            self.initial.update(
                region=self.user.region,
                languages=self.user.languages,
                years_of_experience=self.user.years_of_experience,
                employer=self.user.organization,
                profile_visible=self.user.profile_visible,
            )

    def roles_offered(self) -> set[str]:
        return set(self.available_roles)

    def chosen_roles(self) -> set[str]:
        if not self.is_bound:
            return set()
        return set(self["roles"].data or []) & set(self.available_roles)

    @property
    def consent_section(self) -> list[BoundField]:
        return self._section(["consent", "profile_visible"])
