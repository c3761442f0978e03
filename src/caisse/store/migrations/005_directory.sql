-- Schema version 5: members who leave, consent, the partner directory, and the personal details
-- of journal entries kept apart from the journal so that an erasure can reach them.

-- The day a member left the association (NULL while they belong to it, lapsed or not).
ALTER TABLE member ADD COLUMN left_on TEXT;
-- Consent flags besides the newsletter (schema 3): invitations to events, photographs.
ALTER TABLE member ADD COLUMN consent_events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member ADD COLUMN consent_photos INTEGER NOT NULL DEFAULT 0;

-- Sector categories of the directory, an editable list; a category in use is retired, not
-- deleted, so that older vouchers and reports keep its name.
CREATE TABLE partner_category (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);

-- A partner's entry in the directory, beside its member row (which holds the organisation's
-- name, contact, address, postcode and commune). Coordinates are integer microdegrees.
CREATE TABLE partner (
    member TEXT PRIMARY KEY REFERENCES member(uid),
    trade_name TEXT NOT NULL DEFAULT '',
    category INTEGER REFERENCES partner_category(id),
    latitude_e6 INTEGER CHECK (latitude_e6 BETWEEN -90000000 AND 90000000),
    longitude_e6 INTEGER CHECK (longitude_e6 BETWEEN -180000000 AND 180000000),
    website TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    takes_vouchers INTEGER NOT NULL DEFAULT 0,
    is_exchange_point INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    siret TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX partner_category_index ON partner(category);
INSERT INTO partner (member, trade_name, updated_at)
    SELECT uid, organisation, updated_at FROM member WHERE is_partner = 1;

-- Personal details an operation needs (a cheque's drawer, a partner's IBAN): the journal entry
-- refers to the row by its random uid, which is hashed with the entry (never the row id: the
-- journals of several installations meet), while the value itself lives here, where erasing
-- the member can empty it without touching the chain.
CREATE TABLE personal_detail (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    member TEXT REFERENCES member(uid),
    kind TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX personal_detail_member ON personal_detail(member);
