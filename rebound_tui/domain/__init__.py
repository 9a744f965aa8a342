"""Rebound's domain: plain data and pure functions, no terminal, no storage."""
