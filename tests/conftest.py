"""Shared fixtures; Hypothesis profiles: `ci` under CI=true, else HYPOTHESIS_PROFILE or `dev`.

`tomllib` here is the TOML reader the package itself uses (tomli before Python 3.11, as
pyproject's `requires-python = ">=3.10"` allows): tests import it from this module.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from checker.inputs.ruleset import RuleSet, load_rule_set

if sys.version_info >= (3, 11):
    import tomllib
else:  # the package depends on tomli there
    import tomli as tomllib

__all__ = ["NORFOLK", "REPORTS", "ROOT", "RULES", "tomllib"]

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
REPORTS = ROOT / "reports"
NORFOLK = REPORTS / "peel-2018-19" / "norfolk.toml"

# `ci` is Hypothesis's own profile (derandomised, no database); it loads itself when CI=true.
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "stress",
    max_examples=2_000,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow],
    phases=list(Phase),
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI", "").lower() != "true":
    settings.load_profile("dev")


@pytest.fixture(scope="session")
def peel() -> RuleSet:
    return load_rule_set(RULES / "peel-2018-19")


@pytest.fixture(autouse=True)
def _nothing_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's or CI's environment never changes a result: no GRADECHECK_TODAY (tests
    that need a date set it, or pass --today), no FORCE_COLOR or NO_COLOR (tests of colour
    set what they test)."""
    for name in ("GRADECHECK_TODAY", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
