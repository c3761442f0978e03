-- Schema version 7: voucher programmes, signing keys, batches and the vouchers themselves.

-- Why vouchers exist and who pays for them. Face values and partner categories are JSON lists.
CREATE TABLE voucher_programme (
    id INTEGER PRIMARY KEY,          -- written in each voucher's signed payload (2 bytes)
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    purpose TEXT NOT NULL CHECK (purpose IN ('social', 'ecological', 'dividend', 'gift', 'other')),
    funder TEXT NOT NULL,
    face_values TEXT NOT NULL DEFAULT '[]',   -- cents of the unit
    valid_from TEXT NOT NULL,                 -- ISO dates
    valid_until TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',    -- partner_category ids; empty: every category
    partner_commission INTEGER NOT NULL DEFAULT 1,  -- redeeming partners pay the commission
    budget_cap INTEGER,                       -- cents of euros; NULL: no cap
    on_expiry TEXT NOT NULL DEFAULT 'funder' CHECK (on_expiry IN ('funder', 'association')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

-- Ed25519 keys. Counters hold public keys only; the treasurer's installation also holds the
-- private key, encrypted with a passphrase (PKCS#8). A retired key no longer signs, but the
-- vouchers it signed stay verifiable.
CREATE TABLE voucher_key (
    key_id INTEGER PRIMARY KEY CHECK (key_id BETWEEN 1 AND 255),
    public_key BLOB NOT NULL,
    private_key BLOB,
    created_at TEXT NOT NULL,
    retired_at TEXT
);

CREATE TABLE voucher_batch (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    programme INTEGER NOT NULL REFERENCES voucher_programme(id),
    count INTEGER NOT NULL,
    amount INTEGER NOT NULL,          -- cents of the unit, each
    expires_on TEXT NOT NULL,
    txn_seq INTEGER NOT NULL REFERENCES txn(seq),   -- the issue, in the journal
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL
);

-- One row per voucher; what happens to it after the issue is the status, each change with the
-- journal entry that moved its value when there is one (redemption, expiry, cancellation).
CREATE TABLE voucher (
    serial TEXT PRIMARY KEY,          -- 12 digits, Damm check digit last
    batch INTEGER NOT NULL REFERENCES voucher_batch(id),
    programme INTEGER NOT NULL REFERENCES voucher_programme(id),
    amount INTEGER NOT NULL,
    expires_on TEXT NOT NULL,
    key_id INTEGER NOT NULL REFERENCES voucher_key(key_id),
    payload TEXT NOT NULL,            -- the QR code's text
    status TEXT NOT NULL DEFAULT 'issued'
        CHECK (status IN ('issued', 'distributed', 'redeemed', 'expired', 'cancelled')),
    status_at TEXT NOT NULL,
    distributed_to TEXT NOT NULL DEFAULT '',   -- an organisation, never a beneficiary's name
    partner TEXT REFERENCES member(uid),       -- who redeemed it
    counter TEXT,                              -- where
    txn_seq INTEGER REFERENCES txn(seq),       -- the redemption, expiry or cancellation
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX voucher_batch_index ON voucher(batch);
CREATE INDEX voucher_programme_status ON voucher(programme, status);
CREATE INDEX voucher_partner ON voucher(partner);

-- Each printing of vouchers: which batch, which serials (all when NULL), and whether it was a
-- reprint (marked on the sheets).
CREATE TABLE voucher_print (
    id INTEGER PRIMARY KEY,
    batch INTEGER NOT NULL REFERENCES voucher_batch(id),
    serials TEXT,                     -- JSON list, or NULL for the whole batch
    reprint INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);

-- The vouchers' accounts, for a database made before (a new one gets them with the others).
INSERT INTO account (key, name, pcg, commodity, kind)
    SELECT v.key, v.name, v.pcg,
           CASE v.commodity WHEN 'UNIT' THEN json_extract(s.value, '$.code') ELSE 'EUR' END,
           v.kind
    FROM setting s,
         (SELECT 'funders_receivable' AS key, 'Voucher funders: euros owed to the fund' AS name,
                 '441000' AS pcg, 'EUR' AS commodity, 'asset' AS kind
          UNION ALL SELECT 'expired_vouchers', 'Expired vouchers kept', '758100', 'EUR', 'income'
          UNION ALL SELECT 'vouchers_issued', 'Vouchers made', '809100', 'UNIT', 'memo'
          UNION ALL SELECT 'vouchers_outstanding', 'Vouchers outstanding', '803100', 'UNIT', 'memo'
          UNION ALL SELECT 'vouchers_redeemed', 'Vouchers redeemed', '804100', 'UNIT', 'memo') v
    WHERE s.key = 'currency';
