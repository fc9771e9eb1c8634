from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.applications.models import Application
from tandem.matching.models import MatchingRun, MatchingSettings, PairRule, Proposal


class RunForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Kind of matching"), choices=MatchingRun.Mode.choices, initial=MatchingRun.Mode.OPTIMAL
    )


class ApproveForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals to approve"), queryset=Proposal.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, cycle: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = Proposal.objects.filter(
            cycle=cycle, status=Proposal.Status.PROPOSED
        )


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Application) -> str:
        load = getattr(obj, "load", 0)
        return _("%(name)s — %(load)d of %(capacity)d mentees") % {
            "name": obj.user.get_full_name(),
            "load": load,
            "capacity": obj.capacity or 0,
        }


class SwapForm(forms.Form):
    mentor = MentorChoiceField(label=_("Another mentor"), queryset=Application.objects.none())

    def __init__(self, *args: object, mentors: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors


class PairRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rule"), choices=PairRule.Kind.choices)
    note = forms.CharField(label=_("Note for the committee"), max_length=300, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(Proposal.Answer.START, _("Let's start")), (Proposal.Answer.NOT_A_FIT, _("Not a fit"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why is it not a fit? (optional)"),
        help_text=_("Only the program's coordinators read this, never the other person."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MentorRequestForm(forms.Form):
    mentor = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("A word for the mentor (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Yes, I will mentor this person")), ("decline", _("No, not this time"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why not? (optional)"),
        help_text=_("Only the program's coordinators read this, never the mentee."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MatchingSettingsForm(forms.ModelForm):
    class Meta:
        model = MatchingSettings
        fields = [
            "mode",
            "weight_topics",
            "weight_industry",
            "weight_region",
            "weight_seniority",
            "weight_text",
            "preferred_bonus",
            "min_score",
            "seniority_min_gap",
            "seniority_max_gap",
            "request_expiry_days",
        ]
        widgets = {"mode": forms.RadioSelect}

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        weights = [cleaned.get(name) or 0 for name in self.Meta.fields if name.startswith("weight_")]
        if not any(weights):
            raise forms.ValidationError(_("Give at least one criterion a weight above zero."))
        low, high = cleaned.get("seniority_min_gap"), cleaned.get("seniority_max_gap")
        if low is not None and high is not None and low > high:
            self.add_error("seniority_max_gap", _("The largest gap must be at least the smallest gap."))
        return cleaned
