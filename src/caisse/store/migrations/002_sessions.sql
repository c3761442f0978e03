-- Schema version 2: till sessions, chained closings (Z), card payments, partners' IBAN.

-- Every counter operation belongs to a till session; the hash covers it when set.
ALTER TABLE txn ADD COLUMN session TEXT;
CREATE INDEX txn_session ON txn(session);

ALTER TABLE member ADD COLUMN iban TEXT NOT NULL DEFAULT '';

CREATE TABLE till_session (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    counter TEXT NOT NULL REFERENCES counter(code),
    number INTEGER NOT NULL,           -- 1, 2, ... per exchange point
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opening_count TEXT NOT NULL,       -- JSON: what was counted at opening
    closed_at TEXT,
    closed_by TEXT,
    UNIQUE (counter, number)
);
-- one open session per exchange point
CREATE UNIQUE INDEX till_session_one_open ON till_session(counter) WHERE closed_at IS NULL;

CREATE TRIGGER till_session_closed_is_final BEFORE UPDATE ON till_session
WHEN OLD.closed_at IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'caisse: a closed till session never changes');
END;
CREATE TRIGGER till_session_no_delete BEFORE DELETE ON till_session BEGIN
    SELECT RAISE(ABORT, 'caisse: till sessions are never deleted');
END;
CREATE TRIGGER txn_session_is_open BEFORE INSERT ON txn
WHEN NEW.session IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM till_session WHERE uid = NEW.session AND closed_at IS NULL
) BEGIN
    SELECT RAISE(ABORT, 'caisse: the till session is closed');
END;

-- Closings (Z of a till session; later months and years), chained like the journal:
-- hash = sha256(prev_hash + canonical JSON of the closing).
CREATE TABLE closing (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    counter TEXT,
    session TEXT UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    last_txn INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    report TEXT NOT NULL,              -- JSON: period and perpetual totals, counts, differences
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE TRIGGER closing_is_gapless BEFORE INSERT ON closing
WHEN NEW.seq IS NULL OR NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM closing) BEGIN
    SELECT RAISE(ABORT, 'caisse: closing numbers are gapless');
END;
CREATE TRIGGER closing_no_update BEFORE UPDATE ON closing BEGIN
    SELECT RAISE(ABORT, 'caisse: closings are append-only');
END;
CREATE TRIGGER closing_no_delete BEFORE DELETE ON closing BEGIN
    SELECT RAISE(ABORT, 'caisse: closings are append-only');
END;

-- Card payments, awaiting the bank's settlement, for the exchange points that exist.
INSERT INTO account (key, name, pcg, commodity, kind, counter)
SELECT 'cards_fund:' || code, 'Counter {counter}: exchange card payments to settle',
       '5115' || printf('%02d', number % 100), 'EUR', 'asset', code FROM counter;
INSERT INTO account (key, name, pcg, commodity, kind, counter)
SELECT 'cards_assoc:' || code, 'Counter {counter}: fee card payments to settle',
       '5116' || printf('%02d', number % 100), 'EUR', 'asset', code FROM counter;
