"""Report text: normalisation, sections, claims read by patterns, and quotes.

normalise.py  PDF/DOCX-extracted text -> normalised text with a map back to line:column
sections.py   sections by the scheme's question and pillar names
claimset.py   claims.toml: claim patterns as data, compiled once
extract.py    claims read from a text
source.py     which text a report is checked against; read once per run
"""
