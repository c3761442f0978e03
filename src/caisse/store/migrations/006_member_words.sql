-- Schema version 6: the first one or two letters typed find members by the start of a word.
-- The trigram index (schema 3) needs three characters; shorter words were looked for with LIKE
-- over the whole registry, the slowest keystrokes. member_words indexes the same folded text
-- by word, with the prefixes of one and two characters stored, so that "ma" finds Martin and
-- Marie through the index.
CREATE VIRTUAL TABLE member_words USING fts5(search, content='member', content_rowid='id',
                                             tokenize='unicode61', prefix='1 2');
INSERT INTO member_words (rowid, search) SELECT id, search FROM member;
CREATE TRIGGER member_words_insert AFTER INSERT ON member BEGIN
    INSERT INTO member_words (rowid, search) VALUES (NEW.id, NEW.search);
END;
CREATE TRIGGER member_words_delete AFTER DELETE ON member BEGIN
    INSERT INTO member_words (member_words, rowid, search) VALUES ('delete', OLD.id, OLD.search);
END;
CREATE TRIGGER member_words_update AFTER UPDATE OF search ON member BEGIN
    INSERT INTO member_words (member_words, rowid, search) VALUES ('delete', OLD.id, OLD.search);
    INSERT INTO member_words (rowid, search) VALUES (NEW.id, NEW.search);
END;
