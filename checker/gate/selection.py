"""`--select`, `--ignore` and waivers checked against the rules there are.

A gate must not go quiet because a code was mistyped: a code or name that matches no rule is
an error naming the closest known one (also when only its case differs: `peel101` is
`PEEL101`), and a selection that leaves no rule to check says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import get_close_matches

from checker.engine.check import Selection
from checker.inputs.tomlfile import CommandError
from checker.model.rules import Rule
from checker.output.escape import shown


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known code or name nearest to `word`: the same in another case first, else the
    nearest by spelling; None when nothing is near."""
    by_case = {name.casefold(): name for name in sorted(set(known))}
    folded = word.casefold()
    if folded in by_case:
        return by_case[folded]
    near = get_close_matches(folded, list(by_case), n=1, cutoff=0.6)
    return by_case[near[0]] if near else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """ " (did you mean 'X'?)" for the closest known code or name, or "" when none is near."""
    near = closest(word, known)
    return f" (did you mean {near!r}?)" if near is not None and near != word else ""


def check_selection(
    selection: Selection, rules: Sequence[Rule], always: Iterable[tuple[str, str]] = ()
) -> None:
    """A CommandError when a `--select` or `--ignore` pattern matches none of `rules` (every
    rule of every rule set) or names one of the rules that `always` apply ((id, name): the
    waiver rules), or when the selection leaves no rule to check."""
    known = [name for rule in rules for name in (rule.id, rule.name)]
    fixed = {name: rule_id for rule_id, rule_name in always for name in (rule_id, rule_name)}
    for option, patterns in (("--select", selection.select), ("--ignore", selection.ignore)):
        for pattern in patterns:
            if any(rule.id.startswith(pattern) or rule.name == pattern for rule in rules):
                continue
            if pattern in fixed:
                raise CommandError(
                    f"{option} {pattern}: {fixed[pattern]} is a waiver rule, which applies "
                    "whenever a waiver does; fix or remove the waiver instead"
                )
            prefix = pattern.upper()
            if any(rule.id.startswith(prefix) for rule in rules):
                hint = f" (did you mean {prefix!r}?)"
            else:
                hint = did_you_mean(pattern, known)
            raise CommandError(
                f"{option} {shown(pattern)} names no rule: no id starts with it and no rule "
                f"is called so{hint}; `gradecheck rules list` lists them"
            )
    if rules and not any(rule in selection for rule in rules):
        given = " ".join(
            f"{option} {','.join(patterns)}"
            for option, patterns in (("--select", selection.select), ("--ignore", selection.ignore))
            if patterns
        )
        raise CommandError(f"{given} leaves no rule to check (of {len(rules)})")
