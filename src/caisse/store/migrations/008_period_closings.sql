-- Schema version 8: monthly and annual closings of the journal, chained like the Z closings,
-- and the periods they close frozen: an entry dated on or before the end of the last closed
-- period is refused.

-- hash = sha256(prev_hash + canonical JSON of the closing). The totals are JSON objects
-- {account: {commodity: ...}}: the period's debits and credits, the same since the journal's
-- first entry (perpetual), and the balances at the period's end (a year's are carried forward).
CREATE TABLE period_closing (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('month', 'year')),
    period_start TEXT NOT NULL,        -- ISO dates, the local dates written in the entries
    period_end TEXT NOT NULL,
    entries INTEGER NOT NULL,          -- journal entries dated in the period
    last_txn INTEGER NOT NULL,         -- the last entry covered (0: none yet)
    last_hash TEXT NOT NULL,
    period_totals TEXT NOT NULL,
    perpetual_totals TEXT NOT NULL,
    balances TEXT NOT NULL,
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    UNIQUE (kind, period_start)
);
CREATE INDEX period_closing_end ON period_closing(period_end);

CREATE TRIGGER period_closing_is_gapless BEFORE INSERT ON period_closing
WHEN NEW.seq IS NULL OR NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM period_closing) BEGIN
    SELECT RAISE(ABORT, 'caisse: period closing numbers are gapless');
END;
CREATE TRIGGER period_closing_no_update BEFORE UPDATE ON period_closing BEGIN
    SELECT RAISE(ABORT, 'caisse: period closings are append-only');
END;
CREATE TRIGGER period_closing_no_delete BEFORE DELETE ON period_closing BEGIN
    SELECT RAISE(ABORT, 'caisse: period closings are append-only');
END;

-- A closed period never changes: no entry may be dated in it (corrections are dated now).
CREATE TRIGGER txn_not_in_closed_period BEFORE INSERT ON txn
WHEN substr(NEW.at, 1, 10) <= (SELECT MAX(period_end) FROM period_closing) BEGIN
    SELECT RAISE(ABORT, 'caisse: the entry is dated in a closed period');
END;
