-- revision: 002
-- revises: 005
-- message: remove non-search tables, add project_id
-- migrate:up
-- Scopes repositories and code chunks by project and drops the nine tables that moved to a
-- separate workflow service.

ALTER TABLE repositories ADD COLUMN project_id varchar(50) NOT NULL DEFAULT 'default';

ALTER TABLE code_chunks ADD COLUMN project_id varchar(50);

UPDATE code_chunks AS c
   SET project_id = r.project_id
  FROM repositories AS r
 WHERE r.id = c.repository_id;

ALTER TABLE code_chunks ALTER COLUMN project_id SET NOT NULL;

ALTER TABLE repositories
    ADD CONSTRAINT ck_repositories_project_id CHECK (project_id ~ '^[a-z0-9-]{1,50}$');

ALTER TABLE code_chunks
    ADD CONSTRAINT ck_code_chunks_project_id CHECK (project_id ~ '^[a-z0-9-]{1,50}$');

CREATE INDEX idx_project_repository ON repositories (project_id, id);

-- Children before parents: no CASCADE, so an unexpected dependent object fails loudly.
DROP TABLE vendor_deployment_links;
DROP TABLE deployment_events;
DROP TABLE vendor_test_results;
DROP TABLE vendor_extractors;
DROP TABLE task_commits;
DROP TABLE task_branches;
DROP TABLE tasks;
DROP TABLE work_item_dependencies;
DROP TABLE work_items;

-- migrate:down
-- Removes project_id again and re-creates the nine tables exactly as revision 005 left them
-- (columns in the same order, same defaults, constraint, index and trigger names, comments).
-- This restores the SCHEMA ONLY. Rows dropped by the upgrade are lost and must come from a
-- backup if needed.

-- Re-create the nine tables as of revision 005 (parents before children).

-- from 003a
CREATE TABLE work_items (
    id          uuid CONSTRAINT pk_work_items PRIMARY KEY DEFAULT gen_random_uuid(),
    version     integer NOT NULL DEFAULT 1,
    title       varchar(200) NOT NULL,
    item_type   varchar(20) NOT NULL,
    status      varchar(20) NOT NULL DEFAULT 'active',
    parent_id   uuid
                CONSTRAINT fk_work_items_parent REFERENCES work_items (id) ON DELETE SET NULL,
    path        varchar(500) NOT NULL,
    depth       smallint NOT NULL DEFAULT 0,
    branch_name varchar(100),
    metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
    deleted_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    created_by  varchar(100) NOT NULL DEFAULT 'system',
    CONSTRAINT ck_work_items_item_type CHECK (item_type IN ('project', 'session', 'task', 'research')),
    CONSTRAINT ck_work_items_status CHECK (status IN ('active', 'completed', 'blocked')),
    CONSTRAINT ck_work_items_depth CHECK (depth BETWEEN 0 AND 5),
    CONSTRAINT ck_work_items_version CHECK (version >= 1)
);

COMMENT ON TABLE work_items IS 'Projects, sessions, tasks and research items in one hierarchy';
COMMENT ON COLUMN work_items.path IS 'Materialized path of ancestor ids, e.g. /root/parent/self';
COMMENT ON COLUMN work_items.version IS 'Optimistic-locking counter';

CREATE INDEX ix_work_items_parent_id ON work_items (parent_id);
CREATE INDEX ix_work_items_type_status ON work_items (item_type, status);
CREATE INDEX ix_work_items_active_updated ON work_items (updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX ix_work_items_metadata ON work_items USING gin (metadata jsonb_path_ops);

-- set_updated_at() (003a) is not dropped by the upgrade, so the trigger can use it again.
CREATE TRIGGER trg_work_items_updated_at
    BEFORE UPDATE ON work_items
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE work_item_dependencies (
    source_id       uuid NOT NULL
                    CONSTRAINT fk_work_item_dependencies_source REFERENCES work_items (id) ON DELETE CASCADE,
    target_id       uuid NOT NULL
                    CONSTRAINT fk_work_item_dependencies_target REFERENCES work_items (id) ON DELETE CASCADE,
    dependency_type varchar(20) NOT NULL DEFAULT 'blocks',
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      varchar(100) NOT NULL,
    CONSTRAINT pk_work_item_dependencies PRIMARY KEY (source_id, target_id),
    CONSTRAINT ck_work_item_dependencies_type CHECK (dependency_type IN ('blocks', 'depends_on')),
    CONSTRAINT ck_work_item_dependencies_not_self CHECK (source_id <> target_id)
);

CREATE INDEX ix_work_item_dependencies_target_id ON work_item_dependencies (target_id);

-- from 001, with estimated_hours (003) and work_item_id (003a) in the order they were added
CREATE TABLE tasks (
    id                  uuid CONSTRAINT pk_tasks PRIMARY KEY DEFAULT gen_random_uuid(),
    title               varchar(200) NOT NULL,
    description         text,
    notes               text,
    status              varchar(20) NOT NULL DEFAULT 'need to be done',
    planning_references jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    estimated_hours     numeric(6,2)
                        CONSTRAINT ck_tasks_estimated_hours CHECK (estimated_hours >= 0),
    work_item_id        uuid
                        CONSTRAINT fk_tasks_work_item REFERENCES work_items (id) ON DELETE SET NULL,
    CONSTRAINT ck_tasks_status CHECK (status IN ('need to be done', 'in-progress', 'complete'))
);

COMMENT ON TABLE tasks IS 'Development tasks tracked alongside the indexed code';

CREATE INDEX ix_tasks_status ON tasks (status);
CREATE INDEX ix_tasks_created_at ON tasks (created_at DESC);
CREATE INDEX ix_tasks_work_item_id ON tasks (work_item_id) WHERE work_item_id IS NOT NULL;

-- from 003
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

-- from 003b
CREATE TABLE vendor_extractors (
    id                 uuid CONSTRAINT pk_vendor_extractors PRIMARY KEY DEFAULT gen_random_uuid(),
    version            integer NOT NULL DEFAULT 1,
    name               varchar(100) NOT NULL CONSTRAINT uq_vendor_extractors_name UNIQUE,
    status             varchar(20) NOT NULL DEFAULT 'broken',
    extractor_version  varchar(50) NOT NULL,
    manifest_compliant boolean NOT NULL DEFAULT false,
    supported_formats  text[] NOT NULL DEFAULT '{}'::text[],
    metadata           jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    created_by         varchar(100) NOT NULL,
    CONSTRAINT ck_vendor_extractors_status CHECK (status IN ('operational', 'broken')),
    CONSTRAINT ck_vendor_extractors_version CHECK (version >= 1)
);

COMMENT ON TABLE vendor_extractors IS 'Commission-data extractors maintained per vendor';

CREATE INDEX ix_vendor_extractors_status ON vendor_extractors (status);

CREATE TRIGGER trg_vendor_extractors_updated_at
    BEFORE UPDATE ON vendor_extractors
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE vendor_test_results (
    id          bigint GENERATED BY DEFAULT AS IDENTITY CONSTRAINT pk_vendor_test_results PRIMARY KEY,
    vendor_id   uuid NOT NULL
                CONSTRAINT fk_vendor_test_results_vendor REFERENCES vendor_extractors (id) ON DELETE CASCADE,
    run_at      timestamptz NOT NULL DEFAULT now(),
    passed      integer NOT NULL DEFAULT 0,
    failed      integer NOT NULL DEFAULT 0,
    skipped     integer NOT NULL DEFAULT 0,
    pass_rate   numeric(5,2),
    duration    interval,
    details     jsonb,
    CONSTRAINT ck_vendor_test_results_counts CHECK (passed >= 0 AND failed >= 0 AND skipped >= 0),
    CONSTRAINT ck_vendor_test_results_pass_rate CHECK (pass_rate BETWEEN 0 AND 100)
);

CREATE INDEX ix_vendor_test_results_vendor_run ON vendor_test_results (vendor_id, run_at DESC);

-- from 005
CREATE TABLE deployment_events (
    id                        uuid CONSTRAINT pk_deployment_events PRIMARY KEY DEFAULT gen_random_uuid(),
    deployed_at               timestamptz NOT NULL,
    commit_hash               char(40) NOT NULL,
    pr_number                 integer,
    pr_title                  varchar(500),
    environment               varchar(20) NOT NULL DEFAULT 'production',
    test_summary              jsonb NOT NULL DEFAULT '{}'::jsonb,
    constitutional_compliance boolean NOT NULL DEFAULT false,
    created_at                timestamptz NOT NULL DEFAULT now(),
    created_by                varchar(100) NOT NULL,
    CONSTRAINT ck_deployment_events_commit_hash CHECK (commit_hash ~ '^[0-9a-f]{40}$'),
    CONSTRAINT ck_deployment_events_environment
        CHECK (environment IN ('development', 'staging', 'production')),
    CONSTRAINT uq_deployment_events_commit_environment UNIQUE (commit_hash, environment)
);

COMMENT ON TABLE deployment_events IS 'One row per deployment of the service';
COMMENT ON COLUMN deployment_events.test_summary IS 'Test counts per category at deploy time';

CREATE INDEX ix_deployment_events_deployed_at ON deployment_events (deployed_at DESC);
CREATE INDEX ix_deployment_events_pr_number ON deployment_events (pr_number) WHERE pr_number IS NOT NULL;

CREATE TABLE vendor_deployment_links (
    deployment_id uuid NOT NULL
                  CONSTRAINT fk_vendor_deployment_links_deployment
                  REFERENCES deployment_events (id) ON DELETE CASCADE,
    vendor_id     uuid NOT NULL
                  CONSTRAINT fk_vendor_deployment_links_vendor
                  REFERENCES vendor_extractors (id) ON DELETE RESTRICT,
    status_before varchar(20),
    status_after  varchar(20),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_vendor_deployment_links PRIMARY KEY (deployment_id, vendor_id)
);

CREATE INDEX ix_vendor_deployment_links_vendor_id ON vendor_deployment_links (vendor_id);

-- Undo the project scoping (reverse order of the upgrade).
DROP INDEX idx_project_repository;

ALTER TABLE code_chunks DROP CONSTRAINT ck_code_chunks_project_id;

ALTER TABLE repositories DROP CONSTRAINT ck_repositories_project_id;

ALTER TABLE code_chunks DROP COLUMN project_id;

ALTER TABLE repositories DROP COLUMN project_id;
