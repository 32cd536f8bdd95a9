-- Names the table instead of the schema: drops nothing, and says so only as a notice.
DROP INDEX IF EXISTS users.users_email_idx;
