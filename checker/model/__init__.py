"""The records: the report format, the scheme, the fields every rule has, and findings.
Every input model derives from the one Strict base."""
