from caisse.cli.main import main

raise SystemExit(main())
