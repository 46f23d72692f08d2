#!/usr/bin/env python3
"""Run reference.py on every example in guide-examples.json.

Exits non-zero if the reference disagrees with any example. "unsupported" is
accepted only for examples whose pattern uses syntax the reference leaves out
on purpose (a %regex% or a [*] / $.* wildcard selector); any other
"unsupported" or "invalid" counts as a disagreement.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def deliberately_unsupported(pattern):
    """Regex or wildcard selector outside double quotes."""
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', pattern)
    return "%" in outside or "[*]" in outside or "$.*" in outside


def main():
    with open(os.path.join(HERE, "guide-examples.json")) as f:
        examples = json.load(f)["examples"]
    cases = [{"pattern": e["pattern"], "message": e["message"]} for e in examples]
    run = subprocess.run(
        [sys.executable, os.path.join(HERE, "reference.py")],
        input=json.dumps(cases), capture_output=True, text=True, check=True,
    )
    results = json.loads(run.stdout)
    assert len(results) == len(examples)

    agreed = skipped = 0
    failures = []
    for e, got in zip(examples, results):
        want = "match" if e["matches"] else "nomatch"
        if got == want:
            agreed += 1
        elif got == "unsupported" and deliberately_unsupported(e["pattern"]):
            skipped += 1
        else:
            failures.append((e, got, want))

    for e, got, want in failures:
        print("DISAGREE  %s\n  pattern: %r\n  message: %r\n  guide: %s  reference: %s\n"
              % (e["section"], e["pattern"], e["message"], want, got))
    print("%d examples: %d agree, %d unsupported (regex / wildcard selector), %d disagree"
          % (len(examples), agreed, skipped, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
