"""Screens that answer something and close: confirmations, prompts, editors and forms,
help. Any screen may push one of these; screens themselves are reached only through
the navigation table (`app.open`)."""
