"""Proving a rule set before it meets a report: `gradecheck rules verify` and `rules diff`.

The space a rule set judges is finite and small, so it is enumerated, not solved: see
checker.verify.space for what it holds and how it is reduced, checker.verify.prove for what
is proved over it, checker.verify.compare for `rules diff`.
"""
