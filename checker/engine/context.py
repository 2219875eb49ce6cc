"""What a kind may read besides the item in front of it: one per report and rule set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.model.scheme import Scheme

if TYPE_CHECKING:
    from checker.engine.corpus import Corpus
    from checker.text.claimset import ClaimSet
    from checker.text.source import ReportText


@dataclass(frozen=True)
class Context:
    """Everything read for the report being checked before the engine runs.

    The engine does no I/O: the text was read when the report loaded, the claims file when
    the rule set loaded, and the corpus was indexed once for the run.
    """

    scheme: Scheme
    text: ReportText | None = None
    """The report's text, read and normalised when it loaded; None without one."""
    corpus: Corpus | None = None
    """Every report of the run, for cross-report kinds; None without one (rule examples of
    in-report rules, generated reports): those kinds then find nothing."""
    claims: ClaimSet | None = None
    """The rule set's compiled claims file, for the kinds that read the text."""
