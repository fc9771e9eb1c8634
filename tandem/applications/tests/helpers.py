"""Valid form data for the participant forms, so each test changes only what it is about."""

from typing import Any

from tandem.programs.models import Program


def registration_data(
    program: Program, *, roles: tuple[str, ...] = ("mentee",), **overrides: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "roles": list(roles),
        "context_of_practice": "Head nurse of a surgical unit in a regional hospital.",
        "motivation": "Grow as a leader in the health network.",
        "topics": [str(pk) for pk in program.topics.values_list("pk", flat=True)[:2]],
        "industry": "Health care",
        "employer": "CIUSSS de la Capitale-Nationale",
        "manager_email": "",
        "region": "QC",
        "languages": ["fr", "en"],
        "years_of_experience": "6",
        "meeting_format": "either",
        "availability": "Weekday evenings",
        "people_to_avoid": "",
        "capacity": "2",
        "expertise": "Leading change in large teams.",
        "objectives": "Learn to lead change in a large team.",
        "preferred_mentor": "",
        "supervisor_supports": "on",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
