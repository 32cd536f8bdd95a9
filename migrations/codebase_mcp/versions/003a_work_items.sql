-- revision: 003a
-- revises: 003
-- message: hierarchical work items with dependencies
-- migrate:up
CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

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

ALTER TABLE tasks
    ADD COLUMN work_item_id uuid
        CONSTRAINT fk_tasks_work_item REFERENCES work_items (id) ON DELETE SET NULL;

CREATE INDEX ix_tasks_work_item_id ON tasks (work_item_id) WHERE work_item_id IS NOT NULL;

-- migrate:down
DROP INDEX ix_tasks_work_item_id;
ALTER TABLE tasks DROP COLUMN work_item_id;
DROP TABLE work_item_dependencies;
DROP TABLE work_items;
DROP FUNCTION set_updated_at();
