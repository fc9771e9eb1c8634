"""A person's workspaces for the Law 25 / PIPEDA data export."""

import datetime

from tandem.accounts.models import User
from tandem.evaluations.models import CheckIn
from tandem.relationships.models import (
    Concern,
)
from tandem.relationships.selectors.pair import relationships_of


def workspace_data_for_export(user: User) -> list[dict[str, object]]:
    """The person's relationships and their workspaces, JSON-ready, for the Law 25 / PIPEDA data export.

    Everything the person can read in their workspaces is theirs to export; the partner's private check-in
    reflections and concerns are not (the person never could read them).
    """

    def day(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    exported = []
    for relationship in relationships_of(user).prefetch_related(
        "goals",
        "meetings",
        "reflections",
        "confidentiality_signatures__user",
        "agreement__signatures__user",
    ):
        agreement = getattr(relationship, "agreement", None)
        exported.append(
            {
                "program": relationship.cycle.program.slug,
                "cycle": relationship.cycle.name,
                "role": relationship.role_of(user),
                "partner": relationship.partner_of(user).display_name,
                "status": relationship.status,
                "started_on": day(relationship.started_on),
                "planned_end": day(relationship.planned_end),
                "ended_on": day(relationship.ended_on),
                "agreement": None
                if agreement is None
                else {
                    "version": agreement.version,
                    "meeting_frequency": agreement.meeting_frequency,
                    "usual_length_minutes": agreement.usual_length_minutes,
                    "meeting_format": agreement.meeting_format,
                    "cancellation_policy": agreement.cancellation_policy,
                    "other_rules": agreement.other_rules,
                    "starts_on": day(agreement.starts_on),
                    "planned_end": day(agreement.planned_end),
                    "signatures": [
                        {
                            "name": s.typed_name or s.user.get_full_name(),
                            "version": s.version,
                            "signed_at": s.signed_at.isoformat(),
                        }
                        for s in agreement.signatures.all()
                    ],
                },
                "confidentiality_signatures": [
                    {
                        "name": s.typed_name or s.user.get_full_name(),
                        "version": s.text_version,
                        "signed_at": s.signed_at.isoformat(),
                    }
                    for s in relationship.confidentiality_signatures.all()
                ],
                "goals": [
                    {
                        "specific": goal.specific,
                        "measurable": goal.measurable,
                        "achievable": goal.achievable,
                        "relevant": goal.relevant,
                        "target_date": day(goal.target_date),
                        "status": goal.status,
                        "progress_notes": goal.progress_notes,
                    }
                    for goal in relationship.goals.all()
                ],
                "meetings": [
                    {
                        "status": meeting.status,
                        "planned_start": meeting.planned_start.isoformat() if meeting.planned_start else None,
                        "held_on": day(meeting.held_on),
                        "minutes": meeting.held_minutes,
                        "format": meeting.meeting_format,
                        "private_notes": meeting.private_notes,
                    }
                    for meeting in relationship.meetings.all()
                ],
                "reflections": [
                    {"author": "me" if r.author_id == user.pk else "partner", "text": r.text}
                    for r in relationship.reflections.all()
                ],
                "my_checkins": [
                    {
                        "kind": c.kind,
                        "period": c.period,
                        "standing": c.standing,
                        "reflection": c.reflection,
                        "shared_message": c.shared_message,
                        "answered_at": c.answered_at.isoformat(),
                    }
                    for c in CheckIn.objects.filter(relationship=relationship, author=user)
                ],
                "my_concerns": [
                    {"message": c.message, "raised_at": c.raised_at.isoformat()}
                    for c in Concern.objects.filter(relationship=relationship, raised_by=user)
                ],
            }
        )
    return exported
