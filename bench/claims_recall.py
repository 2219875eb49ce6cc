"""How well the claims file reads real wordings: recall and precision per claim kind over the
phrasing corpus (tests/data/phrasings/<scheme>.toml; checker/text/phrasings.py says how a
sentence is read and scored). Ratios only, no timing:

    python bench/claims_recall.py [SCHEME] [--show]

`--show` also lists every claim missed and every claim read wrongly, with its sentence.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.inputs.ruleset import load_rule_set
from checker.text.phrasings import load_corpus, score, table

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("question-grade", "pillar-grade", "earlier-grade", "carry-over")


def main(arguments: list[str]) -> None:
    show = "--show" in arguments
    names = [a for a in arguments if not a.startswith("--")]
    scheme = names[0] if names else "peel-2018-19"
    rule_set = load_rule_set(ROOT / "rules" / scheme)
    assert rule_set.claims is not None, f"{scheme} has no claims file"
    sentences = load_corpus(ROOT / "tests" / "data" / "phrasings" / f"{scheme}.toml")
    scores = score(rule_set.claims, sentences, KINDS)
    print(f"{len(sentences)} sentences ({scheme})")
    print(table(scores))
    if not show:
        return
    for kind, found in scores.items():
        for label, errors in (("missed", found.missed), ("read wrongly", found.wrong)):
            for sentence, claim in errors:
                fields = ", ".join(f"{k}={v}" for k, v in claim[1])
                print(f"{kind} {label}: {fields}\n    {sentence.text}")


if __name__ == "__main__":
    main(sys.argv[1:])
