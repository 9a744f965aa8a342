"""Exports, one module per format: `json` (the interchange format `rebound import`
reads back), `markdown` (the journal) and `csv` (one file per record type)."""
