from django.db import transaction

from tandem.accounts.models import Consent, ConsentPurpose, User
from tandem.programs.models import Program


@transaction.atomic
def update_profile(*, user: User, data: dict[str, object]) -> User:
    """Save the person's profile fields. Turning profile sharing on or off is recorded as a consent decision."""
    # Read the stored value: a bound ModelForm has already copied the new one onto `user`.
    was_visible = User.objects.filter(pk=user.pk).values_list("profile_visible", flat=True).get()
    for field, value in data.items():
        setattr(user, field, value)
    user.full_clean()
    user.save()
    if was_visible != user.profile_visible:
        record_consent(
            user=user,
            purpose=ConsentPurpose.PROFILE_SHARING,
            granted=user.profile_visible,
            text=str(User._meta.get_field("profile_visible").help_text),
        )
    return user


def record_consent(
    *, user: User, purpose: str, granted: bool, text: str, program: Program | None = None, version: str = "1"
) -> Consent:
    """Append one consent decision (never edits an earlier one)."""
    consent = Consent(
        user=user, purpose=purpose, granted=granted, text=text, text_version=version, program=program
    )
    consent.full_clean()
    consent.save()
    return consent
