"""The consent a person gives when applying: shown on the form and recorded word for word with its version.

Change the text? Change the version too, so every recorded consent still says which words were agreed to.
"""

from django.utils.translation import gettext_lazy as _

PARTICIPATION_CONSENT_VERSION = "2026-11"
PARTICIPATION_CONSENT_TEXT = _(
    "I agree that this program's coordinators and selection committee use the information in this "
    "application to screen my application, to match me with other participants and to follow my "
    "participation. Other participants do not see it unless I choose to show my profile to them."
)
