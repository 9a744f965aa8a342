"""The terminal user interface (Textual). Screens translate keys into repository and domain
calls, and their results into widgets; they hold no business rules of their own."""
