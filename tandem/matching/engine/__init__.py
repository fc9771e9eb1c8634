"""Tandem's matching engine: pure Python + numpy, no Django.

Public API::

    from tandem.matching.engine import Instance, Mentor, Mentee, Weights, Rules, solve, explain_pair

    result = solve(instance, mode="optimal", lang="fr")
"""

from .api import explain_pair, solve, verify_certificate
from .model import (
    CRITERIA,
    Alternative,
    Assignment,
    Breakdown,
    Certificate,
    EngineError,
    Instance,
    InstanceError,
    Mentee,
    Mentor,
    Reason,
    Result,
    Rules,
    Unmatched,
    Weights,
)
from .reasons import render
from .scoring import Scorer
from .serialization import from_dict, from_json, instance_schema, result_to_dict, to_json

__all__ = [
    "CRITERIA",
    "Alternative",
    "Assignment",
    "Breakdown",
    "Certificate",
    "EngineError",
    "Instance",
    "InstanceError",
    "Mentee",
    "Mentor",
    "Reason",
    "Result",
    "Rules",
    "Scorer",
    "Unmatched",
    "Weights",
    "explain_pair",
    "from_dict",
    "from_json",
    "instance_schema",
    "render",
    "result_to_dict",
    "solve",
    "to_json",
    "verify_certificate",
]
