-- Schema version 9: worn notes destroyed leave the vault for an account of their own, so that the
-- notes printed, destroyed and still in existence each read off the trial balance.
INSERT INTO account (key, name, pcg, commodity, kind)
    SELECT 'notes_destroyed', 'Notes destroyed', '809200', json_extract(s.value, '$.code'), 'memo'
    FROM setting s
    WHERE s.key = 'currency';
