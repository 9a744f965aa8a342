"""Rebound: get through an interview rejection, then drill the tough questions.

Kept free of imports on purpose: `rebound status` runs in shell prompts, and every
eager import here would put a floor under its start-up time.
"""

__version__ = "0.1.0"
