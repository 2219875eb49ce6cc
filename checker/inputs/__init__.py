"""Reading inputs: TOML with key positions, rule files and rule sets (with `extends`),
reports with their texts, and the cross-year mappings between schemes. Problems are input
errors (file, line, key; exit 2), never findings."""
