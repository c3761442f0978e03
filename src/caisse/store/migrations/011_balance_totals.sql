-- Schema version 11: the running balance of each account also keeps its debits and credits, so
-- that the trial balance of the whole journal is read, not summed from every line.
ALTER TABLE balance ADD COLUMN debit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE balance ADD COLUMN credit INTEGER NOT NULL DEFAULT 0;

UPDATE balance SET
    debit = (SELECT COALESCE(SUM(p.amount), 0) FROM posting p
             WHERE p.account = balance.account AND p.commodity = balance.commodity
               AND p.amount > 0),
    credit = (SELECT COALESCE(-SUM(p.amount), 0) FROM posting p
              WHERE p.account = balance.account AND p.commodity = balance.commodity
                AND p.amount < 0);

DROP TRIGGER posting_updates_balance;
CREATE TRIGGER posting_updates_balance AFTER INSERT ON posting BEGIN
    INSERT INTO balance (account, commodity, amount, debit, credit)
    VALUES (NEW.account, NEW.commodity, NEW.amount, MAX(NEW.amount, 0), MAX(-NEW.amount, 0))
    ON CONFLICT (account, commodity) DO UPDATE SET
        amount = amount + excluded.amount,
        debit = debit + excluded.debit,
        credit = credit + excluded.credit;
END;
