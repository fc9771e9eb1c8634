"""Every write of the pair workspace. Callers pass a relationship obtained through the selectors.

Each service re-checks that `by` is the mentor or the mentee (a second lock on the privacy rule) and lists
its emails in its docstring. Emails go through `notify`, whose outbox row is part of the same transaction.
Split by theme; import from here: `from tandem.relationships import services`.
"""

from tandem.relationships.services._common import (
    AGREEMENT_FIELDS,
    GOAL_FIELDS,
    check_typed_name,
    workspace_url,
)
from tandem.relationships.services.closure import (
    accept_extension,
    add_reflection,
    ask_to_continue,
    decline_extension,
    end_as_planned,
    end_early,
    invite_to_next_cycle,
    next_cycle_of,
    propose_extension,
    request_rematch,
)
from tandem.relationships.services.program import send_meeting_reminders, update_workspace_settings
from tandem.relationships.services.workspace import (
    cancel_meeting,
    confirm_meeting,
    create_goal,
    log_meeting,
    plan_meeting,
    raise_concern,
    save_agreement,
    set_certified,
    sign_agreement,
    sign_confidentiality,
    update_goal,
)

__all__ = [
    "AGREEMENT_FIELDS",
    "GOAL_FIELDS",
    "accept_extension",
    "add_reflection",
    "ask_to_continue",
    "cancel_meeting",
    "check_typed_name",
    "confirm_meeting",
    "create_goal",
    "decline_extension",
    "end_as_planned",
    "end_early",
    "invite_to_next_cycle",
    "log_meeting",
    "next_cycle_of",
    "plan_meeting",
    "propose_extension",
    "raise_concern",
    "request_rematch",
    "save_agreement",
    "send_meeting_reminders",
    "set_certified",
    "sign_agreement",
    "sign_confidentiality",
    "update_goal",
    "update_workspace_settings",
    "workspace_url",
]
