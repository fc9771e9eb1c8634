"""Instance format v1 and result JSON (see docs/matching-engine.md and schema/instance-v1.schema.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .model import Instance, InstanceError, Mentee, Mentor, Result, Rules, Weights
from .reasons import render

SCHEMA_FILE = "instance-v1.schema.json"
_PERSON = ("topics", "expertise", "languages", "avoid", "reports_to", "ranking")


@cache
def instance_schema() -> dict[str, Any]:
    """The JSON Schema of instance format version 1."""
    text = resources.files(__package__).joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _path(error: Any) -> str:
    parts = ["$", *(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)]
    return "".join(parts)


def validate_document(doc: Any) -> None:
    """Raise InstanceError naming the first schema violation (by JSON path)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(instance_schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: (list(e.absolute_path), e.message))
    if errors:
        err = jsonschema.exceptions.best_match(errors) or errors[0]
        if err.validator == "minimum" and list(err.absolute_path)[-1:] == ["capacity"]:
            raise InstanceError(f"{_path(err)}: capacity must not be negative (got {err.instance})")
        raise InstanceError(f"{_path(err)}: {err.message}")


def _person_kwargs(d: dict[str, Any]) -> dict[str, Any]:
    out = dict(d)
    for key in (*_PERSON, "preferred"):
        if key in out:
            out[key] = tuple(out[key])
    return out


def from_dict(doc: Any) -> Instance:
    """Build an Instance from a parsed v1 document (validated against the schema, ids checked)."""
    validate_document(doc)
    mentors = [Mentor(**_person_kwargs(d)) for d in doc["mentors"]]
    mentees = [Mentee(**_person_kwargs(d)) for d in doc["mentees"]]
    inst = Instance(
        mentors=mentors,
        mentees=mentees,
        weights=Weights(**doc.get("weights", {})),
        rules=Rules(**doc.get("rules", {})),
        locked=[(a, b) for a, b in doc.get("locked", [])],
        blocked=[(a, b) for a, b in doc.get("blocked", [])],
        ended=[(a, b) for a, b in doc.get("ended", [])],
        pairs=[(a, b, int(s)) for a, b, s in doc["pairs"]] if "pairs" in doc else None,
    )
    check_ids(inst)
    check_pairs(inst)
    return inst


def check_ids(inst: Instance) -> None:
    """Duplicate ids, unknown ids in locked/blocked/pairs, negative capacity: one readable line."""
    for kind, people in (("mentor", inst.mentors), ("mentee", inst.mentees)):
        seen: set[str] = set()
        for p in people:
            if p.id in seen:
                raise InstanceError(f"duplicate {kind} id {p.id!r}")
            seen.add(p.id)
    for m in inst.mentors:
        if m.capacity < 0:
            raise InstanceError(f"mentor {m.id!r}: capacity must not be negative (got {m.capacity})")
    mentor_ids = {m.id for m in inst.mentors}
    mentee_ids = {m.id for m in inst.mentees}
    # Explicit pairs (possibly millions) are checked vectorized by the Scorer.
    for name, pairs in (("locked", inst.locked), ("blocked", inst.blocked)):
        for a, b in pairs:
            if a not in mentee_ids:
                raise InstanceError(f"{name}: unknown mentee id {a!r}")
            if b not in mentor_ids:
                raise InstanceError(f"{name}: unknown mentor id {b!r}")


def check_pairs(inst: Instance) -> None:
    """Unknown ids and negative scores in explicit pairs (the Scorer re-checks them vectorized)."""
    if inst.pairs is None:
        return
    mentor_ids = {m.id for m in inst.mentors}
    mentee_ids = {m.id for m in inst.mentees}
    for a, b, s in inst.pairs:
        if a not in mentee_ids:
            raise InstanceError(f"pairs: unknown mentee id {a!r}")
        if b not in mentor_ids:
            raise InstanceError(f"pairs: unknown mentor id {b!r}")
        if s < 0:
            raise InstanceError(f"pairs: score of ({a}, {b}) must not be negative")


def from_json(text: str) -> Instance:
    """Parse instance JSON text; malformed JSON is reported with its line and column."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    return from_dict(doc)


def instance_to_dict(inst: Instance) -> dict[str, Any]:
    """The v1 document of an instance (defaults omitted)."""
    from dataclasses import asdict, fields

    def person(p: Any, cls: type) -> dict[str, Any]:
        d: dict[str, Any] = {"id": p.id}
        for f in fields(cls):
            val = getattr(p, f.name)
            if f.name != "id" and val != f.default:
                d[f.name] = list(val) if isinstance(val, tuple) else val
        return d

    doc: dict[str, Any] = {
        "version": 1,
        "weights": asdict(inst.weights),
        "rules": asdict(inst.rules),
        "mentors": [person(m, Mentor) for m in inst.mentors],
        "mentees": [person(m, Mentee) for m in inst.mentees],
    }
    for name in ("locked", "blocked", "ended"):
        if getattr(inst, name):
            doc[name] = [list(p) for p in getattr(inst, name)]
    if inst.pairs is not None:
        doc["pairs"] = [list(p) for p in inst.pairs]
    return doc


def _reason(r: Any, lang: str) -> dict[str, Any]:
    return {"code": r.code, "params": r.params, "text": render(r, lang)}


def result_to_dict(result: Result, certificate: bool = False) -> dict[str, Any]:
    lang = result.lang
    doc: dict[str, Any] = {
        "mode": result.mode,
        "matched": result.matched,
        "total_score": result.total_score,
        "optimal": result.optimal,
    }
    if result.stable is not None:
        doc["stable"] = result.stable
    doc["pairs"] = [
        {
            "mentee": p.mentee,
            "mentor": p.mentor,
            "score": p.score,
            "locked": p.locked,
            "reasons": [_reason(r, lang) for r in p.reasons],
        }
        for p in result.pairs
    ]
    doc["alternatives"] = {
        e: [{"mentor": a.mentor, "score": a.score, "free_capacity": a.free_capacity} for a in alts]
        for e, alts in result.alternatives.items()
    }
    doc["unmatched"] = [{"mentee": u.mentee, "reason": _reason(u.reason, lang)} for u in result.unmatched]
    doc["loads"] = {k: {"load": a, "capacity": b} for k, (a, b) in result.loads.items()}
    if certificate and result.certificate is not None:
        c = result.certificate
        doc["certificate"] = {
            "bonus": c.bonus,
            "u": c.u,
            "v": c.v,
            "capacity": c.capacity,
            "matched": c.matched,
            "total_score": c.total_score,
        }
    doc["stats"] = result.stats
    return doc


def to_json(obj: Instance | Result, certificate: bool = False, indent: int | None = None) -> str:
    """JSON text of an Instance (format v1) or of a Result."""
    if isinstance(obj, Instance):
        return json.dumps(instance_to_dict(obj), ensure_ascii=False, indent=indent)
    return json.dumps(result_to_dict(obj, certificate), ensure_ascii=False, indent=indent)
