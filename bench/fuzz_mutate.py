"""Mutations for bench/fuzz.py: TOML and JSON as text and as data, rule files, claims files,
report texts, waivers, baselines, environments and command lines. Each takes a seeded
random.Random, so a case is made again from its seed."""

from __future__ import annotations

import datetime
import json
import random
from typing import Any

GRADES = ["Good", "Outstanding", "Requires improvement", "Inadequate", "Ungraded", "good", ""]
QUESTIONS = ["investigating_crime", "armed_response", "preventing_crime", "planning_for_future"]
JUNK = [
    "", " ", "x", "0", "-1", "é", "\u202e", "\x00", "\x1b[31m", "a\nb", "::error ::x", "%0A",
    "../../x", "/dev/zero", "reports", "💥", "peel-2018-19", "peel-2017", "PEEL101", "PEEL",
    "2017", "2018/19", "20xx", "{report.year}", "{", "}", "$x", "$$", "*", "item", "key",
    "report.questions.*.grade", "scheme.questions[pillar={key}].@key", "a" * 300, "<x/>",
    "]]>", "&amp;", "\\", '"', "'''", "\t", "\r", "\u2028", "\ufeff", "\ud7ff", "Α",
]  # fmt: skip
REPORT_WORDS = [
    *GRADES, *QUESTIONS, "effectiveness", "efficiency", "legitimacy", "2015", "2016", "2017",
    "2018/19", "AFI-1", "OLD-1", "REC-1", "COC-1", "HMI-1", "resolved", "not resolved",
    "source", "partial", "waivers", "evidence", "reopens", "carried_over", "last_inspected",
    "text.txt", "PEEL208", "GC001", "inspected-without-last-inspected",
]  # fmt: skip
REFS = [
    "report.questions.*.grade", "report.questions.*", "report.pillars.*", "item.grade", "item",
    "report.scope[question={key}].inspected", "item.carried_over.year", "key", "report.year",
    "scheme.questions[pillar={key}].@key", "report.questions.{key}.grade", "report.afis.*.id",
    "report.nope", "report..x", "report.questions[grade=Good]", "scheme.earlier[year=2017]",
    "report.questions.{scheme.questions[pillar=efficiency].@key}.grade", "$carried_from",
    "report.followed_up.*.carried_on_by", "scheme.grades", "report.questions.*.*.*", "",
]  # fmt: skip
KINDS = ["implies", "range", "link", "unique", "claims", "evidence", "earlier", "latest",
         "not_in_earlier", "in_earlier", "earlier_reports", "nope"]  # fmt: skip
OPERATORS = ["present", "equals", "not_equals", "in", "not_in", "before", "after",
             "at_least", "at_most", "count_min", "count_max", "nope"]  # fmt: skip
REGEX_BITS = [
    "(\\w+\\s?)+$", "(a+)+$", "(a|ab)*c", ".*", ".*.*x", "\\1", "(?<=x)", "(?<![\\w-])",
    "(?P<question>{question})", "{question}", "{pillar}", "{grade}", "{force}", "{subject}",
    "{nope}", "(", ")", "[", "*", "+?", "{2,}", "(?i)", "(?s:.)", "\\b", "$", "^", "(?!x)",
    "[^.\\n]+", "(?P<x>a)(?P=x)", "\\p", "(?P<grade>\\w+)", "\\d{4}", "(?:\\s*,)+y",
    "(\\w+\\s?)*x", "(?>a+)", "a++", "(?#c)", "x{1000}", "a{0,100000}", "\\w+\\s*\\w+z",
    "(?:x|x)*y", "(a*)*b", "[\\s\\S]*", "(?m)^", "\\Z", "\\n", " ", "(?P<concern>.+)",
    "{grade.is}", "{question.doing}", "{question.nope}", "{pillar.clause|doing}", "{x.y}",
]  # fmt: skip
TOKENS = [
    "[", "{", '"', "'''", '"""', "1979-05-27T07:32:00Z", "0x", "1" * 5_000, "[" * 3_000,
    "{ a = " * 2_000, "inf", "nan", '"\\u0000"', "true", "[1, 'a']", "{}", "[]", "2026-13-45",
    '"' + "a" * 120_000 + '"', "[" + "1," * 100_001 + "]", str(2**64), "-0", "+inf", "1__0",
]  # fmt: skip


def scalar(rnd: random.Random) -> Any:
    choice = rnd.randrange(7)
    if choice == 0:
        return rnd.randint(-(2**63), 2**63 - 1)
    if choice == 1:
        return rnd.choice([True, False, 0.5, float("inf"), -0.0])
    if choice == 2:
        return rnd.choice([datetime.date(2030, 1, 1), datetime.date(1900, 2, 28)])
    if choice == 3:
        return rnd.choice(REPORT_WORDS)
    return rnd.choice(JUNK)


def value(rnd: random.Random, depth: int = 0) -> Any:
    """A scalar, array or table of junk."""
    choice = rnd.randrange(10)
    if choice == 0 and depth < 3:
        return [value(rnd, depth + 1) for _ in range(rnd.randrange(4))]
    if choice == 1 and depth < 3:
        return {rnd.choice(REPORT_WORDS + JUNK): value(rnd, depth + 1) for _ in range(3)}
    if choice == 2:
        return rnd.choice([[1] * 100_001, "b" * 100_001, nested(rnd.choice([8, 70, 120]))])
    return scalar(rnd)


def nested(depth: int) -> Any:
    found: Any = 1
    for _ in range(depth):
        found = [found]
    return found


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict | list):
        for key, item in node.items() if isinstance(node, dict) else enumerate(node):
            found += _places(item, (*path, key))
    return found


def data(rnd: random.Random, root: dict[str, Any], words: list[str]) -> None:
    """One change at a random place of TOML or JSON data."""
    path = rnd.choice(_places(root))
    if not path:
        root[rnd.choice(words + JUNK)] = value(rnd)
        return
    parent: Any = root
    for part in path[:-1]:
        parent = parent[part]
    key, old = path[-1], parent[path[-1]]
    choice = rnd.randrange(8)
    if choice == 0:
        del parent[key]
    elif choice == 1:
        parent[key] = value(rnd)
    elif choice == 2:
        parent[key] = rnd.choice(words)
    elif choice == 3 and isinstance(old, list) and old:
        old.append(json.loads(json.dumps(rnd.choice(old), default=str)))
    elif choice == 4 and isinstance(old, dict):
        old[rnd.choice(words + JUNK)] = value(rnd)
    elif choice == 5 and isinstance(old, str):
        parent[key] = rnd.choice([old.upper(), old.lower(), f" {old} ", old + "x", old * 2])
    elif choice == 6:
        parent[key] = rnd.choice([[old], {"x": old}, str(old), [old, old]])
    else:
        parent[key] = scalar(rnd)


FAMILIES = [
    GRADES[:-1],
    [*QUESTIONS, "serious_organised_crime", "meeting_current_demands", "effectiveness"],
    ["2015", "2016", "2017", "2018/19", "2019"],
    ["AFI-1", "OLD-1", "OLD-2", "REC-1", "COC-1", "HMI-1", "AFI-2"],
    ["resolved", "not resolved", "partly resolved"],
    ["effectiveness", "efficiency", "legitimacy", "leadership"],
]


def semantic(rnd: random.Random, root: dict[str, Any]) -> None:
    """A change that keeps the data's shape: a value for another of its kind (a grade for a
    grade, a year for a year, an id for an id), a flag turned over, an item or key left out
    or repeated: the checks, more than the format, are what is tried."""
    path = rnd.choice(_places(root)[1:] or [()])
    if not path:
        return
    parent: Any = root
    for part in path[:-1]:
        parent = parent[part]
    key, old = path[-1], parent[path[-1]]
    if isinstance(old, bool):
        parent[key] = not old
    elif isinstance(old, str):
        family = next((f for f in FAMILIES if old in f), None)
        parent[key] = rnd.choice(family) if family else rnd.choice([old + " x", old.upper(), ""])
    elif isinstance(old, list) and old:
        if rnd.random() < 0.5:
            old.pop(rnd.randrange(len(old)))
        else:
            old.append(json.loads(json.dumps(rnd.choice(old), default=str)))
    elif isinstance(parent, dict) and rnd.random() < 0.5:
        del parent[key]


def toml_text(rnd: random.Random, text: str) -> bytes:
    """A few changes to TOML (or JSON) as text: lines cut, repeated or swapped, characters and
    values put in, a byte-order mark, CRLF, bytes that are not UTF-8."""
    lines = text.split("\n")
    for _ in range(rnd.randint(1, 3)):
        lines = lines or [""]
        at = rnd.randrange(len(lines))
        choice = rnd.randrange(9)
        if choice == 0:
            del lines[at : at + rnd.randint(1, 3)]
        elif choice == 1:
            lines.insert(at, lines[rnd.randrange(len(lines))])
        elif choice == 2 and "=" in lines[at]:
            lines[at] = lines[at].split("=", 1)[0] + "= " + rnd.choice(TOKENS)
        elif choice == 3:
            spot = rnd.randint(0, len(lines[at]))
            bit = "".join(rnd.choice("[]{}=\"'#,.\\ \tx1é\x00\x7f") for _ in range(3))
            lines[at] = lines[at][:spot] + bit + lines[at][spot:]
        elif choice == 4:
            lines.insert(at, "x = " + "y" * 40_000 + " z")  # a syntax error on a long line
        elif choice == 5:
            lines[at:at] = [f"[{rnd.choice(REPORT_WORDS)}]", f"{rnd.choice(JUNK)!r} = 1"]
        elif choice == 6:
            lines = lines[: rnd.randint(0, len(lines))] or [""]
        elif choice == 7:
            lines.insert(at, rnd.choice(["[[afis]]", "[questions.x]", "scheme = 1", "[[waivers]]"]))
        else:
            i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    raw = "\n".join(lines).encode("utf-8", "surrogatepass")
    choice = rnd.randrange(12)
    if choice == 0:
        raw = b"\xef\xbb\xbf" + raw
    elif choice == 1:
        raw = raw.replace(b"\n", b"\r\n")
    elif choice == 2:
        at = rnd.randrange(len(raw) + 1)
        raw = raw[:at] + rnd.choice([b"\xff", b"\xc3", b"\xed\xa0\x80"]) + raw[at:]
    return raw


def rule_data(rnd: random.Random, root: dict[str, Any]) -> None:
    """A change to a rule file: a rule's kind, references, conditions, ids or examples."""
    rules = root.get("rule")
    if not isinstance(rules, list) or not rules or rnd.random() < 0.2:
        data(rnd, root, REFS + KINDS + OPERATORS)
        return
    rule = rnd.choice(rules)
    if not isinstance(rule, dict):
        return
    choice = rnd.randrange(7)
    if choice == 0:
        rule["kind"] = rnd.choice(KINDS)
    elif choice == 1:
        rule[rnd.choice(["for_each", "ref", "value", "at", "inspection"])] = rnd.choice(REFS)
    elif choice == 2:
        condition = {"ref": rnd.choice(REFS), rnd.choice(OPERATORS): scalar(rnd)}
        rule[rnd.choice(["when", "then", "earlier_when"])] = [condition]
    elif choice == 3:
        rule["id"] = rnd.choice(["PEEL101", "PEEL208", "X1", "", rule.get("id", "")])
    elif choice == 4:
        rule["message"] = rnd.choice(["{nope}", "{actual} {expected} {key}", "{", "x" * 500])
    elif choice == 5:
        rule["examples"] = [{"triggers": True, "set": {rnd.choice(REFS): scalar(rnd)}}]
    else:
        data(rnd, rule, REFS + KINDS + OPERATORS + GRADES)


def rule_semantic(rnd: random.Random, root: dict[str, Any]) -> None:
    """A change that keeps a rule file well formed: a reference, operator or severity of one
    rule for another of the same file, so that the engine, more than the loader, is tried."""
    refs = [v for _, v in _leaves(root) if isinstance(v, str) and v.startswith(_REF_STARTS)]
    rules = [r for r in root.get("rule", []) if isinstance(r, dict)]
    if not rules:
        return
    rule = rnd.choice(rules)
    places = [(p, v) for p, v in _leaves(rule) if isinstance(v, str | int | bool)]
    if not places or not refs:
        return
    path, old = rnd.choice(places)
    parent: Any = rule
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if isinstance(old, str) and old.startswith(_REF_STARTS):
        parent[key] = rnd.choice(refs)
    elif key in OPERATORS and isinstance(parent, dict):
        operator = rnd.choice(OPERATORS[:-1])
        parent[operator] = parent.pop(key)
    elif key == "severity":
        parent[key] = rnd.choice(["error", "warning", "info"])
    elif isinstance(old, bool):
        parent[key] = not old
    elif isinstance(old, int):
        parent[key] = rnd.choice([0, 1, 2, -1, old + 1])
    else:
        parent[key] = rnd.choice([*GRADES[:-1], "2017", "2018/19", "{item.grade}"])


_REF_STARTS = ("report", "item", "scheme", "key", "$")


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, dict | list):
        pairs = node.items() if isinstance(node, dict) else enumerate(node)
        return [leaf for key, item in pairs for leaf in _leaves(item, (*path, key))]
    return [(path, node)]


def extends(rnd: random.Random) -> str:
    target = rnd.choice(["peel-2018-19", "peel-2017", "nope", "../x", ""])
    lines = [f"extends = {json.dumps(target)}"]
    if rnd.random() < 0.5:
        lines.append(f'renumber = {{ {json.dumps(rnd.choice(["PEEL", "X", ""]))} = "Y" }}')
    if rnd.random() < 0.5:
        lines.append(f"remove = [{json.dumps(rnd.choice(['PEEL101', 'Y101', 'x']))}]")
    return "\n".join(lines) + "\n"


BENIGN_BITS = [
    "\\b", "(?:x)?", "[ \\n]?", "(?:the )?", "s?", "(?i:good)", "\\d?", "(?:[A-Z]\\w*)?",
    "(?P<year>20\\d\\d)?", " ", "(?=\\w)", "(?:,|;)?", "[^.\\n]{0,20}", "(?:is|was) ",
]  # fmt: skip


def regex(rnd: random.Random, source: str) -> str:
    """A pattern with a piece of regular expression put in (between two pieces of it, most
    often one that keeps it working), or cut out."""
    cuts = [i for i, char in enumerate(source) if char in " ()|" and source[i - 1 : i] != "\\"]
    at = rnd.choice(cuts or [len(source)])
    if rnd.random() < 0.15:
        return source[:at] + source[at + rnd.randint(1, 10) :]
    bits = BENIGN_BITS if rnd.random() < 0.5 else REGEX_BITS
    return source[:at] + rnd.choice(bits) + source[at:]


def claims_data(rnd: random.Random, root: dict[str, Any]) -> None:
    """A change to a claims file: a pattern, a table, the lexicons, words or frames."""
    choice = rnd.randrange(8)
    lists = {0: "pattern", 1: "frame", 2: "table"}
    items = root.get(lists.get(choice, ""))
    if choice in lists and isinstance(items, list) and items:
        item = rnd.choice(items)
        field = {"pattern": "regex", "frame": rnd.choice(["text", "before"]), "table": "header"}
        if choice == 2 and rnd.random() < 0.5:
            item["values"] = {rnd.choice([" Yes", "", "  ", "No ", "a.b"]): rnd.choice([1, True])}
        else:
            item[field[lists[choice]]] = regex(rnd, str(item.get(field[lists[choice]], "")))
    elif choice == 3:
        root.setdefault("pattern", []).append(
            {"claim": rnd.choice(["question-grade", "force", "nope"]), "regex": regex(rnd, "x")}
        )
    elif choice == 4:
        words = root.setdefault("words", {})
        words[rnd.choice(["force", "subject", "a", "b"])] = rnd.choice(
            ["{a}", "{b}", regex(rnd, "[A-Z]\\w+"), "(", "(\\w+\\s?)+"]
        )
    elif choice == 5:
        lexicon = root.setdefault("lexicon", {}).setdefault(rnd.choice(["grade", "question"]), {})
        phrase = rnd.choice(["", " ", "a.b*", "good", "x" * 50, "investigating crime"])
        lexicon.setdefault(rnd.choice(["is", "doing", "new"]), {})[phrase] = rnd.choice(
            ["Good", "nope", [], ["investigating_crime", "nope"], "investigating_crime"]
        )
    else:
        data(rnd, root, ["question-grade", "force", "hmi_observations", *REGEX_BITS])
