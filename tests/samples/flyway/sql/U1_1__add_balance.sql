ALTER TABLE accounts DROP COLUMN balance;
