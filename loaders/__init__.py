"""Loaders: published reports → typed records → DuckDB (the write side), one folder per stage:

- read/: a file (PDF, scan, text export, Excel, Word, HTML, .zip) → a Document (document.py);
- identity/: whose report it is, of which year and kind;
- locate/: where its tables are and what each holds;
- parsers/: each table (and the prose) → typed facts (facts.py); extract.py runs these three;
- checks/: what the facts say of each other (findings; checklist.py names every check);
- database/: the DuckDB file: schema, storing, the two files of a split report, exports;
- run/: the command line, reading in child processes under limits, the samples.

The read side (dashboard/, pages/) imports only api.py.
"""
