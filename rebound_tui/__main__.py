from rebound_tui.cli import main

raise SystemExit(main())
