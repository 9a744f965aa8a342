"""The steps of a rebound, one panel each (went well and tough share one): each reads and
writes its own step through services; `ReboundScreen` shows them and moves between them."""
