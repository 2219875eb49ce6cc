"""Checking: each rule's kind run over each item of each report (check.py), with the
conditions every kind shares (three-valued on partial reports), the context a kind may read,
the corpus index for cross-report rules, and kinds/ (one module per kind, listed in KINDS)."""
