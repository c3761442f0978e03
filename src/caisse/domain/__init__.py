"""Pure rules of the money: no Qt, no SQLite, no files."""
