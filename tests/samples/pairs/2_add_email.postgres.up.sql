ALTER TABLE users ADD COLUMN email text;
COMMENT ON COLUMN users.email IS 'lower-case address';
