-- Schema version 10: the guarantee fund's bank statements, imported from the bank's CSV, and
-- their lines matched to the journal entries that moved the guarantee bank account. Statement
-- lines are not journal entries: the journal is never touched by an import or a match.

-- One imported file. A file whose every line was already imported leaves no statement.
CREATE TABLE bank_statement (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,              -- of the file's bytes
    layout TEXT NOT NULL,              -- the columns, delimiter and encoding recognised
    lines_read INTEGER NOT NULL,
    lines_new INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,       -- lines already imported from an earlier file: skipped
    first_day TEXT NOT NULL,           -- ISO dates of its first and last lines
    last_day TEXT NOT NULL,
    opening_balance INTEGER,           -- cents, as the file or the treasurer gave it
    closing_balance INTEGER,           -- cents, as the file gave it
    imported_by TEXT NOT NULL,         -- user uid
    imported_at TEXT NOT NULL
);

-- One line of a statement: + credited to the account, - debited, in cents. The fingerprint
-- (day, amount, label, reference, and its rank among identical lines of the same file) is
-- unique, so an overlapping statement imported later adds only the lines not seen before.
CREATE TABLE bank_line (
    id INTEGER PRIMARY KEY,
    statement INTEGER NOT NULL REFERENCES bank_statement(id),
    source_line INTEGER NOT NULL,      -- line number in the file
    booked_on TEXT NOT NULL,           -- ISO date the bank booked it
    value_on TEXT,                     -- ISO value date, when the file gives one
    label TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount <> 0),
    reference TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL UNIQUE
);
CREATE INDEX bank_line_booked ON bank_line(booked_on);
CREATE INDEX bank_line_statement ON bank_line(statement);

-- A match ties statement lines to journal entries (seq) whose amounts sum exactly: one to one,
-- several lines to one entry, or one line to several entries. Undoing one keeps it, marked.
CREATE TABLE bank_match (
    id INTEGER PRIMARY KEY,
    method TEXT NOT NULL CHECK (method IN ('auto', 'manual')),
    amount INTEGER NOT NULL,
    matched_by TEXT NOT NULL,          -- user uid
    matched_at TEXT NOT NULL,
    undone_by TEXT,
    undone_at TEXT
);

CREATE TABLE bank_match_line (
    match INTEGER NOT NULL REFERENCES bank_match(id),
    line INTEGER NOT NULL REFERENCES bank_line(id),
    undone INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (match, line)
);
-- a line is in one standing match at most
CREATE UNIQUE INDEX bank_match_line_once ON bank_match_line(line) WHERE undone = 0;

CREATE TABLE bank_match_entry (
    match INTEGER NOT NULL REFERENCES bank_match(id),
    seq INTEGER NOT NULL REFERENCES txn(seq),
    undone INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (match, seq)
);
-- an entry is in one standing match at most
CREATE UNIQUE INDEX bank_match_entry_once ON bank_match_entry(seq) WHERE undone = 0;

-- Statements and their lines are kept as imported.
-- A line's label may only be emptied: the erasure of a member whose name the bank wrote there.
CREATE TRIGGER bank_line_no_update BEFORE UPDATE ON bank_line
WHEN NEW.label <> '' OR NEW.id IS NOT OLD.id OR NEW.statement IS NOT OLD.statement
    OR NEW.source_line IS NOT OLD.source_line OR NEW.booked_on IS NOT OLD.booked_on
    OR NEW.value_on IS NOT OLD.value_on OR NEW.amount IS NOT OLD.amount
    OR NEW.reference IS NOT OLD.reference OR NEW.fingerprint IS NOT OLD.fingerprint BEGIN
    SELECT RAISE(ABORT, 'caisse: bank statement lines are kept as imported');
END;
CREATE TRIGGER bank_line_no_delete BEFORE DELETE ON bank_line BEGIN
    SELECT RAISE(ABORT, 'caisse: bank statement lines are kept as imported');
END;
CREATE TRIGGER bank_statement_no_update BEFORE UPDATE ON bank_statement BEGIN
    SELECT RAISE(ABORT, 'caisse: bank statements are kept as imported');
END;
CREATE TRIGGER bank_statement_no_delete BEFORE DELETE ON bank_statement BEGIN
    SELECT RAISE(ABORT, 'caisse: bank statements are kept as imported');
END;
