"""Testing rules (needs the `test` extra): rule examples, Hypothesis strategies derived from
the scheme and the rules, partial reports, the single-fault search and `rules test`."""
