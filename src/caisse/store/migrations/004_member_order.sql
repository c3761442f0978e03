-- Schema version 4: members listed in name order without sorting the registry at each keystroke.
-- The expression is the one members.search orders by (surname, or an organisation's name).
CREATE INDEX member_order ON member(
    (CASE kind WHEN 'organisation' THEN organisation ELSE last_name END) COLLATE NOCASE,
    first_name COLLATE NOCASE,
    number
);
