"""Report text: normalisation, sections, claims read by patterns and composed frames, quotes.

normalise.py  PDF/DOCX-extracted text -> normalised text with a map back to line:column
sections.py   sections by the scheme's question and pillar names; the fast pattern search
claimset.py   claims.toml: claim patterns, lexicons and frames as data, compiled once
lexicon.py    phrase lexicons (grades, questions, pillars by grammatical form)
compose.py    claims composed from frames over lexicon slots
extract.py    claims read from a text
phrasings.py  the phrasing corpus (real sentences and the claims they state), for tests
source.py     a text read and normalised once, with its sections, claims and quotes cached
"""
