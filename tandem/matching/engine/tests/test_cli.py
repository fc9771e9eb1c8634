"""The tandem-match command: results, certificates and one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tandem.matching.engine import explain_pair
from tandem.matching.engine.cli import main
from tandem.matching.engine.serialization import from_json, instance_schema, to_json
from tandem.matching.engine.synthetic import synthetic_instance

GOOD = {
    "version": 1,
    "rules": {"min_score": 5, "same_employer": "forbid"},
    "mentors": [
        {
            "id": "r1",
            "capacity": 2,
            "topics": ["leadership"],
            "industry": "health",
            "region": "QC",
            "languages": ["fr", "en"],
            "years_experience": 22,
            "employer": "CHUM",
            "text": "gestion des soins infirmiers",
        },
        {"id": "r2", "capacity": 1, "topics": ["networking"], "languages": ["en"], "years_experience": 15},
    ],
    "mentees": [
        {
            "id": "e1",
            "topics": ["leadership"],
            "industry": "health",
            "region": "QC",
            "languages": ["fr"],
            "years_experience": 3,
            "text": "devenir gestionnaire",
            "avoid": ["r7"],
            "preferred": ["r1"],
        },
        {"id": "e2", "topics": ["networking"], "languages": ["en"], "years_experience": 2},
        {"id": "e3", "languages": ["de"]},
    ],
    "locked": [["e2", "r2"]],
    "blocked": [["e1", "r2"]],
}


def write(tmp_path: Path, doc) -> Path:
    path = tmp_path / "instance.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def test_solve_writes_result_with_certificate(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    assert main(["solve", str(write(tmp_path, GOOD)), "-o", str(out), "--certificate", "--lang", "fr"]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert (res["matched"], res["optimal"]) == (2, True)
    assert [(p["mentee"], p["mentor"], p["locked"]) for p in res["pairs"]] == [
        ("e1", "r1", False),
        ("e2", "r2", True),
    ]
    assert res["unmatched"] == [
        {
            "mentee": "e3",
            "reason": {"code": "no_eligible_mentor", "params": {}, "text": "aucun mentor admissible"},
        }
    ]
    cert = res["certificate"]
    # Every allowed pair of an unlocked mentee, scored independently of the solver.
    inst = from_json(json.dumps(GOOD))
    for mentee in ("e1", "e3"):
        for mentor in ("r1", "r2"):
            b = explain_pair(inst, mentee, mentor)
            if b.allowed:
                assert cert["u"][mentee] + cert["v"][mentor] >= b.score + cert["bonus"]
    lhs = sum(cert["u"].values()) + sum(cert["capacity"][r] * v for r, v in cert["v"].items())
    assert lhs == cert["matched"] * cert["bonus"] + cert["total_score"]


def test_explicit_pairs_in_stable_mode(tmp_path: Path, capsys) -> None:
    doc = {
        "version": 1,
        "mentors": [{"id": "r1"}, {"id": "r2"}],
        "mentees": [{"id": "e1"}, {"id": "e2"}],
        "pairs": [["e1", "r1", 90], ["e2", "r1", 80], ["e2", "r2", 10]],
    }
    assert main(["solve", str(write(tmp_path, doc)), "--mode", "stable"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert (res["mode"], res["stable"], res["optimal"]) == ("stable", True, False)
    assert [(p["mentee"], p["mentor"]) for p in res["pairs"]] == [("e1", "r1"), ("e2", "r2")]


def test_validate_accepts_a_good_file(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(write(tmp_path, GOOD))]) == 0
    assert "valid (3 mentees, 2 mentors)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ('{"version": 1,\n "mentors": [}', "malformed JSON at line 2, column 14"),
        (
            {"version": 1, "mentors": [{"id": "a", "capacity": -1}], "mentees": []},
            "capacity must not be negative",
        ),
        ({"version": 1, "mentors": [{"id": "a"}, {"id": "a"}], "mentees": []}, "duplicate mentor id 'a'"),
        (
            {"version": 1, "mentors": [{"id": "a"}], "mentees": [{"id": "b"}, {"id": "b"}]},
            "duplicate mentee id 'b'",
        ),
        (
            {"version": 1, "mentors": [{"id": "a"}], "mentees": [{"id": "b"}], "locked": [["b", "zz"]]},
            "unknown mentor id 'zz'",
        ),
        (
            {"version": 1, "mentors": [{"id": "a"}], "mentees": [{"id": "b"}], "blocked": [["x", "a"]]},
            "unknown mentee id 'x'",
        ),
        (
            {"version": 1, "mentors": [{"id": "a"}], "mentees": [{"id": "b"}], "pairs": [["b", "q", 3]]},
            "pairs: unknown mentor id 'q'",
        ),
        (
            {
                "version": 1,
                "mentors": [{"id": "a", "languages": ["fr"]}],
                "mentees": [{"id": "b", "languages": ["en"]}],
                "locked": [["b", "a"]],
            },
            "locked pair (b, a) breaks a rule: no shared language",
        ),
        ({"version": 1, "mentors": [{"id": "a", "colour": 1}], "mentees": []}, "$.mentors[0]"),
        ({"version": 2, "mentors": [], "mentees": []}, "$.version"),
        ({"version": 1, "mentors": [{"id": "a", "capacity": "two"}], "mentees": []}, "$.mentors[0].capacity"),
    ],
)
@pytest.mark.parametrize("command", ["solve", "validate"])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys, doc, message, command) -> None:
    assert main([command, str(write(tmp_path, doc))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


def test_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_instance_round_trips_through_json_and_matches_the_schema() -> None:
    import jsonschema

    inst = synthetic_instance(30, 10, seed=1)
    text = to_json(inst)
    jsonschema.validate(json.loads(text), instance_schema())
    assert from_json(text) == inst
