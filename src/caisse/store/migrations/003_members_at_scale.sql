-- Schema version 3: members searched at scale, and members arriving from other systems.

-- Full-text index over the folded search text (accents and case already removed by the
-- program): trigrams find "helo" inside "heloise"; kept in step with member by triggers.
CREATE VIRTUAL TABLE member_fts USING fts5(search, content='member', content_rowid='id',
                                          tokenize='trigram');
INSERT INTO member_fts (rowid, search) SELECT id, search FROM member;
CREATE TRIGGER member_fts_insert AFTER INSERT ON member BEGIN
    INSERT INTO member_fts (rowid, search) VALUES (NEW.id, NEW.search);
END;
CREATE TRIGGER member_fts_delete AFTER DELETE ON member BEGIN
    INSERT INTO member_fts (member_fts, rowid, search) VALUES ('delete', OLD.id, OLD.search);
END;
CREATE TRIGGER member_fts_update AFTER UPDATE OF search ON member BEGIN
    INSERT INTO member_fts (member_fts, rowid, search) VALUES ('delete', OLD.id, OLD.search);
    INSERT INTO member_fts (rowid, search) VALUES (NEW.id, NEW.search);
END;

-- Where a member came from when imported (e.g. "helloasso:40000014"), so that importing the
-- same file again creates no duplicate; the postal address; consent to the newsletter.
ALTER TABLE member ADD COLUMN external_ref TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX member_external_ref ON member(external_ref) WHERE external_ref <> '';
ALTER TABLE member ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE member ADD COLUMN consent_newsletter INTEGER NOT NULL DEFAULT 0;
CREATE INDEX member_email ON member(email COLLATE NOCASE) WHERE email <> '';
