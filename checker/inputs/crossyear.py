"""Cross-year mappings checked against the earlier schemes they name.

A scheme's `[[earlier]]` entries name an earlier scheme and, in `questions` and `carried_as`,
question keys of it. Where that scheme's rule set is at hand (a sibling folder under rules/),
every such key must be one of its questions: a misspelt key would make every carried-over
judgment from it uncheckable, silently. Reported as input errors at the key in scheme.toml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from checker.inputs.ruleset import SCHEME_FILE, RuleSet
from checker.inputs.tomlfile import InputError, read_toml


def mapping_errors(
    rule_set: RuleSet, rule_set_for: Callable[[str], RuleSet | None]
) -> Iterator[InputError]:
    """Input errors for earlier question keys the named earlier scheme does not define."""
    document = None
    for index, entry in enumerate(rule_set.scheme.earlier):
        if entry.scheme is None:
            continue
        earlier = rule_set_for(entry.scheme)
        if earlier is None:
            continue  # no rule set for it here: its reports cannot be loaded either
        known = earlier.scheme.questions
        wrong: list[tuple[tuple[str | int, ...], str]]
        wrong = [(("questions", i), key) for i, key in enumerate(entry.questions)]
        wrong += [(("carried_as", current), key) for current, key in entry.carried_as.items()]
        for where, key in wrong:
            if key in known:
                continue
            if document is None:
                document = read_toml(rule_set.folder / SCHEME_FILE)
            yield document.error(
                ("earlier", index, *where),
                f"{key!r} is no question of scheme {entry.scheme!r} (it has {', '.join(known)})",
            )
