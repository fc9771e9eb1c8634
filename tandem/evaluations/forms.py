from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.evaluations.models import CheckIn


class CheckInForm(forms.Form):
    standing = forms.ChoiceField(
        label=_("How is your mentoring relationship going?"),
        choices=CheckIn.Standing.choices,
        widget=forms.RadioSelect,
    )
    reflection = forms.CharField(
        label=_("Your private reflection: what went well, what would you change?"),
        help_text=_("Only you can read it."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared_message = forms.CharField(
        label=_("A message for the program's coordinator (optional)"),
        help_text=_(
            "The coordinator reads only this message and whether you are on track or would like help."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
