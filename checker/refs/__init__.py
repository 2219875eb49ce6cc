"""The reference language rules point into reports with: syntax (parse), compile (once, into
closures), evaluate (hits, and whether a partial report could hold more), typecheck (against
the models, when a rule loads)."""
