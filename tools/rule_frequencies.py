"""How often each validation rule fired on the corpus: docs/data/rule_frequencies.json.

Reads the summary a corpus sweep writes and counts, per rule code, its findings (by
severity) and the disclosures it fired on. The rules reference page
(docs/hooks/docgen/rules.py) shows the counts. Refresh after a sweep:

    python benchmarks/corpus.py --json /tmp/sweep.json
    python tools/rule_frequencies.py /tmp/sweep.json

Deterministic for a given sweep file (sorted keys, LF line endings).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "data" / "rule_frequencies.json"
SEVERITIES = (("errors_by_rule", "errors"), ("warnings_by_rule", "warnings"),
              ("infos_by_rule", "infos"))


def frequencies(sweep: dict[str, Any]) -> dict[str, Any]:
    rules: dict[str, dict[str, int]] = {}
    converted = [d for d in sweep.get("disclosures") or [] if d.get("status") == "converted"]
    for d in converted:
        fired: set[str] = set()
        for key, name in SEVERITIES:
            for code, n in (d.get(key) or {}).items():
                row = rules.setdefault(code, {"findings": 0, "disclosures": 0, "errors": 0,
                                              "warnings": 0, "infos": 0})
                row[name] += int(n)
                row["findings"] += int(n)
                fired.add(code)
        for code in fired:
            rules[code]["disclosures"] += 1
    return {"created": str(sweep.get("created", ""))[:10], "commit": sweep.get("commit", ""),
            "disclosures": len(converted),
            "infos_counted": any("infos_by_rule" in d for d in converted),
            "rules": dict(sorted(rules.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sweep", type=Path, help="the JSON summary of benchmarks/corpus.py")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        sweep = json.loads(args.sweep.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"{args.sweep}: cannot read the sweep summary: {exc}", file=sys.stderr)
        return 2
    data = frequencies(sweep)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    tmp.replace(args.out)
    print(f"{len(data['rules'])} rules, {data['disclosures']} disclosures -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
