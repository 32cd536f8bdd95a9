-- Narrower than before the upgrade (varchar(200)): longer notes are cut.
ALTER TABLE orders ALTER COLUMN note TYPE varchar(20) USING left(note, 20);
