-- The generic file: the .postgres one next to it is the one PostgreSQL runs.
ALTER TABLE users ADD COLUMN email TEXT;
