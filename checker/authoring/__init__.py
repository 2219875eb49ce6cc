"""Helping people write reports and rules: `rules explain`, the JSON Schema of the report
format, `draft` (from a report's text, or a partial report from a force's pages) and the
TOML writer they share."""
