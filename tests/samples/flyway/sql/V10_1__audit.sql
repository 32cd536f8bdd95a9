CREATE TABLE account_audit (account_id bigint NOT NULL, changed_at timestamptz NOT NULL DEFAULT now());
