-- Narrower than the varchar(8) before the upgrade: codes longer than 4 characters are cut.
ALTER TABLE accounts ALTER COLUMN code TYPE varchar(4) USING left(code, 4);
