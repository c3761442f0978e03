-- Schema version 1: settings, people, exchange points, the hash-chained journal, the event log.

CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);

CREATE TABLE user (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,      -- stable id written in the journal
    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('volunteer', 'treasurer', 'admin')),
    secret_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE counter (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,     -- written in the journal and in account keys
    number INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE account (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    pcg TEXT NOT NULL,
    commodity TEXT NOT NULL,       -- 'EUR' or 'UNIT' (the local currency)
    kind TEXT NOT NULL,
    counter TEXT REFERENCES counter(code)
);

CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,      -- pseudonymous id: the only thing the journal knows
    number TEXT NOT NULL UNIQUE,   -- with its check digit
    kind TEXT NOT NULL CHECK (kind IN ('individual', 'organisation')),
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL DEFAULT '',
    is_partner INTEGER NOT NULL DEFAULT 0,
    joined_on TEXT NOT NULL,
    membership_until TEXT,         -- last day the fee covers, ISO date
    search TEXT NOT NULL DEFAULT '',  -- accent- and case-folded text for searching
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX member_last_name ON member(last_name COLLATE NOCASE, first_name COLLATE NOCASE);

CREATE TABLE membership (
    id INTEGER PRIMARY KEY,
    member TEXT NOT NULL REFERENCES member(uid),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    fee INTEGER NOT NULL,
    commodity TEXT NOT NULL,
    txn_seq INTEGER NOT NULL REFERENCES txn(seq)
);
CREATE INDEX membership_member ON membership(member);

-- The journal. Append-only: triggers refuse UPDATE and DELETE, and any insert that is not the
-- next sequence number. hash = sha256(prev_hash + canonical JSON of the entry).
CREATE TABLE txn (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    counter TEXT,
    operation TEXT NOT NULL,
    member TEXT,
    receipt TEXT UNIQUE,
    reverses INTEGER REFERENCES txn(seq),
    memo TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX txn_member ON txn(member);
CREATE INDEX txn_counter ON txn(counter, seq);
CREATE INDEX txn_at ON txn(at);
CREATE INDEX txn_reverses ON txn(reverses);

CREATE TABLE posting (
    txn_seq INTEGER NOT NULL REFERENCES txn(seq),
    line INTEGER NOT NULL,
    account TEXT NOT NULL REFERENCES account(key),
    commodity TEXT NOT NULL,
    amount INTEGER NOT NULL,       -- cents, debit positive
    PRIMARY KEY (txn_seq, line)
) WITHOUT ROWID;
CREATE INDEX posting_account ON posting(account);

-- Running balance per account and commodity, kept by a trigger; `caisse verify` recomputes it.
CREATE TABLE balance (
    account TEXT NOT NULL,
    commodity TEXT NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (account, commodity)
) WITHOUT ROWID;

CREATE TRIGGER posting_updates_balance AFTER INSERT ON posting BEGIN
    INSERT INTO balance (account, commodity, amount)
    VALUES (NEW.account, NEW.commodity, NEW.amount)
    ON CONFLICT (account, commodity) DO UPDATE SET amount = amount + excluded.amount;
END;

CREATE TRIGGER txn_is_gapless BEFORE INSERT ON txn
WHEN NEW.seq IS NULL OR NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM txn) BEGIN
    SELECT RAISE(ABORT, 'caisse: journal sequence numbers are gapless');
END;
CREATE TRIGGER txn_no_update BEFORE UPDATE ON txn BEGIN
    SELECT RAISE(ABORT, 'caisse: journal entries are append-only');
END;
CREATE TRIGGER txn_no_delete BEFORE DELETE ON txn BEGIN
    SELECT RAISE(ABORT, 'caisse: journal entries are append-only');
END;
CREATE TRIGGER posting_only_on_last BEFORE INSERT ON posting
WHEN NEW.txn_seq <> (SELECT MAX(seq) FROM txn) BEGIN
    SELECT RAISE(ABORT, 'caisse: lines are written only with their entry');
END;
CREATE TRIGGER posting_no_update BEFORE UPDATE ON posting BEGIN
    SELECT RAISE(ABORT, 'caisse: journal entries are append-only');
END;
CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting BEGIN
    SELECT RAISE(ABORT, 'caisse: journal entries are append-only');
END;

-- What is not money but matters: logins, failed logins, settings changes, backups.
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN
    SELECT RAISE(ABORT, 'caisse: the event log is append-only');
END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN
    SELECT RAISE(ABORT, 'caisse: the event log is append-only');
END;
