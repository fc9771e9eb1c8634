"""Plain data types of the matching engine (no Django, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CRITERIA: tuple[str, ...] = ("topics", "industry", "expertise", "region", "seniority", "text")
"""Scored criteria, in the order used for breakdowns. ``preferred`` is a bonus on top."""


class InstanceError(ValueError):
    """The instance is unusable; the message is one readable line naming the problem."""


class EngineError(RuntimeError):
    """An internal invariant failed (for example a certificate did not verify)."""


@dataclass(slots=True)
class Mentor:
    id: str
    capacity: int = 1
    topics: tuple[str, ...] = ()
    industry: str | None = None
    expertise: tuple[str, ...] = ()
    region: str | None = None
    languages: tuple[str, ...] = ()
    years_experience: int | None = None
    employer: str | None = None
    text: str = ""
    avoid: tuple[str, ...] = ()
    reports_to: tuple[str, ...] = ()
    virtual: bool = True
    ranking: tuple[str, ...] = ()
    """Stable mode only: the mentor's own ranking of mentee ids (unlisted mentees are unacceptable)."""


@dataclass(slots=True)
class Mentee:
    id: str
    topics: tuple[str, ...] = ()
    industry: str | None = None
    expertise: tuple[str, ...] = ()
    region: str | None = None
    languages: tuple[str, ...] = ()
    years_experience: int | None = None
    employer: str | None = None
    text: str = ""
    avoid: tuple[str, ...] = ()
    preferred: tuple[str, ...] = ()
    reports_to: tuple[str, ...] = ()
    virtual: bool = True
    ranking: tuple[str, ...] = ()
    """Stable mode only: the mentee's own ranking of mentor ids (unlisted mentors are unacceptable)."""


@dataclass(slots=True)
class Weights:
    """Relative weights of the criteria; rescaled so that they sum to 100 points.

    ``preferred`` is not rescaled: it is a bonus in points added when the mentee named the mentor
    (the total is capped at 100).
    """

    topics: float = 25.0
    industry: float = 10.0
    expertise: float = 20.0
    region: float = 10.0
    seniority: float = 10.0
    text: float = 25.0
    preferred: float = 10.0


@dataclass(slots=True)
class Rules:
    min_score: int = 0
    """Pairs scoring below this are not allowed."""
    same_employer: Literal["allow", "forbid"] = "allow"
    require_shared_language: bool = True
    seniority_min_gap: int = 3
    """The mentor must have at least this many more years of experience to earn seniority points."""
    seniority_max_gap: int = 25
    virtual_region_fraction: float = 0.5
    """Share of the region points for a pair in different regions when both sides accept to meet virtually."""
    stable_list_length: int = 20
    """Stable mode: length of a mentee's list when it has no ranking of its own (its best eligible mentors)."""


@dataclass(slots=True)
class Instance:
    mentors: list[Mentor]
    mentees: list[Mentee]
    weights: Weights = field(default_factory=Weights)
    rules: Rules = field(default_factory=Rules)
    locked: list[tuple[str, str]] = field(default_factory=list)
    """(mentee id, mentor id) pairs a coordinator fixed."""
    blocked: list[tuple[str, str]] = field(default_factory=list)
    """(mentee id, mentor id) pairs a coordinator forbade."""
    ended: list[tuple[str, str]] = field(default_factory=list)
    """(mentee id, mentor id) pairs that already ended; never proposed again."""
    pairs: list[tuple[str, str, int]] | None = None
    """When given, the complete list of allowed pairs with their integer scores."""


@dataclass(slots=True)
class Reason:
    """A machine-readable reason; :func:`tandem.matching.engine.reasons.render` turns it into words."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Assignment:
    mentee: str
    mentor: str
    score: int
    reasons: list[Reason]
    locked: bool = False


@dataclass(slots=True)
class Alternative:
    mentor: str
    score: int
    free_capacity: int


@dataclass(slots=True)
class Unmatched:
    mentee: str
    reason: Reason


@dataclass(slots=True)
class Certificate:
    """Dual potentials proving optimality of the unlocked part.

    For every allowed pair of an unlocked mentee: ``u[mentee] + v[mentor] >= score + bonus``, all
    potentials are non-negative, and ``sum(u) + sum(capacity[r] * v[r]) == matched * bonus + total_score``
    where ``capacity`` is the capacity left after locks and ``matched``/``total_score`` exclude locks.
    """

    bonus: int
    u: dict[str, int]
    v: dict[str, int]
    capacity: dict[str, int]
    matched: int
    total_score: int


@dataclass(slots=True)
class Breakdown:
    """Score of one (mentee, mentor) pair and how it was made."""

    mentee: str
    mentor: str
    score: int
    """Final integer score 0-100, or -1 when the pair is not allowed."""
    allowed: bool
    contributions: dict[str, float]
    """Points per criterion (and ``preferred``), before rounding and capping."""
    violations: list[Reason]
    """Hard rules the pair breaks (empty when allowed)."""
    reasons: list[Reason]


@dataclass(slots=True)
class Result:
    mode: str
    matched: int
    total_score: int
    optimal: bool
    pairs: list[Assignment]
    alternatives: dict[str, list[Alternative]]
    unmatched: list[Unmatched]
    loads: dict[str, tuple[int, int]]
    """mentor id -> (load, capacity)."""
    stable: bool | None = None
    """Stable mode: True when the result was checked to have no blocking pair."""
    certificate: Certificate | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"
