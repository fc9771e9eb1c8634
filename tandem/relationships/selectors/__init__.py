"""Reads of relationships and their workspace: THE place the privacy rule is enforced.

Workspace content (agreement terms, goals, meeting notes, reflections) is only ever loaded through
`get_relationship_for_participant`, which answers 404 unless the requesting person is the pair's mentor or
mentee. Coordinators go through `cycle_relationships_for_staff`, which loads lifecycle fields only and
returns `RelationshipOverview` rows that have no place for content.
"""

from tandem.relationships.selectors.export import workspace_data_for_export
from tandem.relationships.selectors.pair import (
    AgreementState,
    CreditStatement,
    GoalHistoryEntry,
    MonthOfMeetings,
    agreement_of,
    agreement_state,
    capability_domains,
    confidentiality_signatures,
    credit_statement,
    current_signatures,
    get_goal,
    get_meeting,
    get_relationship_for_participant,
    goal_history,
    goals_of,
    meetings_of,
    monthly_minutes,
    months_between,
    relationships_of,
    workspace_settings_for,
)
from tandem.relationships.selectors.staff import (
    RelationshipOverview,
    SharedMessage,
    cycle_relationships_for_staff,
    is_at_risk,
    overview_of,
)

__all__ = [
    "AgreementState",
    "CreditStatement",
    "GoalHistoryEntry",
    "MonthOfMeetings",
    "RelationshipOverview",
    "SharedMessage",
    "agreement_of",
    "agreement_state",
    "capability_domains",
    "confidentiality_signatures",
    "credit_statement",
    "current_signatures",
    "cycle_relationships_for_staff",
    "get_goal",
    "get_meeting",
    "get_relationship_for_participant",
    "goal_history",
    "goals_of",
    "is_at_risk",
    "meetings_of",
    "monthly_minutes",
    "months_between",
    "overview_of",
    "relationships_of",
    "workspace_data_for_export",
    "workspace_settings_for",
]
