"""How much of the Norfolk hand encoding `gradecheck draft` reproduces from the text alone.

    python bench/draft_accuracy.py

For grades (pillars and questions), scope rows (area, question, inspected) and carry-over
sources (`carried_over` of every question, present or absent), prints the share of fields
the draft got right and the share it marked unsure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.authoring.draft import draft
from checker.inputs.ruleset import load_rule_set
from checker.inputs.tomlfile import read_toml
from checker.text.source import read_text

ROOT = Path(__file__).resolve().parent.parent
NORFOLK = ROOT / "reports" / "peel-2018-19" / "norfolk.toml"


def main() -> None:
    peel = load_rule_set(ROOT / "rules" / "peel-2018-19")
    result = draft(read_text(NORFOLK.with_name("norfolk.txt")), peel)
    got, hand = result.data, read_toml(NORFOLK).data
    fields: dict[str, list[tuple[Any, Any, bool]]] = {"grades": [], "scope": [], "carry-over": []}
    for part in ("pillars", "questions"):
        for key, item in hand[part].items():
            path = (part, key, "grade")
            drafted = got[part].get(key, {}).get("grade")
            fields["grades"].append((drafted, item["grade"], path in result.unsure))
    for index, row in enumerate(hand["scope"]):
        drafted_row = got["scope"][index] if index < len(got["scope"]) else {}
        for name in ("area", "question", "inspected"):
            unsure = ("scope",) in result.unsure
            fields["scope"].append((drafted_row.get(name), row[name], unsure))
    for key, item in hand["questions"].items():
        path = ("questions", key, "carried_over")
        drafted = got["questions"].get(key, {}).get("carried_over")
        fields["carry-over"].append((drafted, item.get("carried_over"), path in result.unsure))
    for name, values in fields.items():
        right = sum(1 for drafted, expected, _ in values if drafted == expected)
        unsure = sum(1 for *_, flagged in values if flagged)
        print(
            f"{name:<11} {right}/{len(values)} right ({right / len(values):.0%}), "
            f"{unsure}/{len(values)} marked unsure ({unsure / len(values):.0%})"
        )
    total = [v for values in fields.values() for v in values]
    right = sum(1 for drafted, expected, _ in total if drafted == expected)
    unsure = sum(1 for *_, flagged in total if flagged)
    print(
        f"{'all':<11} {right}/{len(total)} right ({right / len(total):.0%}), "
        f"{unsure}/{len(total)} marked unsure ({unsure / len(total):.0%})"
    )


if __name__ == "__main__":
    main()
