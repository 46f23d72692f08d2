"""Evaluates EventBridge patterns with moto's matcher, for the differential test in
event_pattern_moto.rs.

moto 5.2 answers the TestEventPattern API with NotImplementedError, so this calls the matcher
its rule routing uses, moto.events.models.EventPattern, directly.

stdin: a JSON array of {"pattern": <pattern JSON text>, "event": <event object>}.
stdout: a JSON array with, per case, true or false (matches or not) or "invalid" (moto refused
the pattern).
Exit status 3 with a message on stderr when moto cannot be imported.
"""

import json
import sys

try:
    import moto
    from moto.events.models import EventPattern
except ImportError as e:  # pragma: no cover - reported by the Rust test
    sys.stderr.write(f"moto is not installed for {sys.executable}: {e}\n")
    sys.exit(3)


def main() -> None:
    cases = json.load(sys.stdin)
    out = []
    for case in cases:
        try:
            pattern = EventPattern.load(case["pattern"])
        except Exception:  # moto raises InvalidEventPatternException
            out.append("invalid")
            continue
        out.append(bool(pattern.matches_event(case["event"])))
    json.dump({"moto": moto.__version__, "results": out}, sys.stdout)


main()
