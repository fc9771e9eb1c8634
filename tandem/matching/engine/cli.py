"""``tandem-match``: solve or validate a matching instance (JSON format v1)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model import EngineError, InstanceError

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tandem-match", description="Match mentees with mentors, provably.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="solve an instance and write the result JSON")
    s.add_argument("instance", type=Path)
    s.add_argument("-o", "--output", type=Path, help="result file (default: standard output)")
    s.add_argument("--mode", choices=["optimal", "stable"], default="optimal")
    s.add_argument("--certificate", action="store_true", help="include the dual certificate (u, v, bonus)")
    s.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the reasons")
    v = sub.add_parser("validate", help="check an instance file and report the first problem")
    v.add_argument("instance", type=Path)
    return p


def _load(path: Path):
    from .serialization import from_json

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InstanceError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InstanceError(f"{path} is not UTF-8 text") from None
    return from_json(text)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        instance = _load(args.instance)
        if args.command == "validate":
            from .api import apply_locks_check

            apply_locks_check(instance)
            print(
                f"{args.instance}: valid ({len(instance.mentees)} mentees, {len(instance.mentors)} mentors)"
            )
            return 0
        from .api import solve, verify_certificate
        from .scoring import Scorer
        from .serialization import to_json

        scorer = Scorer(instance)
        result = solve(instance, mode=args.mode, lang=args.lang, scorer=scorer)
        if result.optimal:
            # Independent exhaustive check over every allowed pair before claiming optimality.
            problems = verify_certificate(scorer, result)
            if problems:
                raise EngineError("certificate did not verify: " + problems[0])
        text = to_json(result, certificate=args.certificate)
    except InstanceError as exc:
        print(f"tandem-match: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except EngineError as exc:
        print(f"tandem-match: internal error: {exc}", file=sys.stderr)
        return 1
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
