-- revision: 003
-- revises: 001
-- message: link tasks to git branches and commits, add task estimates
-- migrate:up
ALTER TABLE tasks
    ADD COLUMN estimated_hours numeric(6,2)
        CONSTRAINT ck_tasks_estimated_hours CHECK (estimated_hours >= 0);

CREATE TABLE task_branches (
    id          serial CONSTRAINT pk_task_branches PRIMARY KEY,
    task_id     uuid NOT NULL
                CONSTRAINT fk_task_branches_task REFERENCES tasks (id) ON DELETE CASCADE,
    branch_name varchar(100) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_task_branches_task_branch UNIQUE (task_id, branch_name)
);

CREATE INDEX ix_task_branches_branch_name ON task_branches (branch_name);

CREATE TABLE task_commits (
    id           serial CONSTRAINT pk_task_commits PRIMARY KEY,
    task_id      uuid NOT NULL
                 CONSTRAINT fk_task_commits_task REFERENCES tasks (id) ON DELETE CASCADE,
    commit_hash  char(40) NOT NULL,
    message      text,
    committed_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_task_commits_task_commit UNIQUE (task_id, commit_hash),
    CONSTRAINT ck_task_commits_commit_hash CHECK (commit_hash ~ '^[0-9a-f]{40}$')
);

COMMENT ON COLUMN task_commits.commit_hash IS 'Full 40-character lowercase SHA-1';

CREATE INDEX ix_task_commits_commit_hash ON task_commits (commit_hash);

-- migrate:down
DROP TABLE task_commits;
DROP TABLE task_branches;
ALTER TABLE tasks DROP COLUMN estimated_hours;
