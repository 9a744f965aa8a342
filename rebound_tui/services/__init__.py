"""What the user does and sees, one module per area, between the screens (and the
command line) and the store. Every write goes through here; screens and commands hold
the open store and hand it to these functions, and never call it themselves."""
