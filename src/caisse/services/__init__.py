"""One function per operation: permission check, rules, one transaction. GUI and CLI call these."""
