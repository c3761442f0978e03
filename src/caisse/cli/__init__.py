"""The command line: ``caisse`` with no command opens the window; commands work without Qt."""
