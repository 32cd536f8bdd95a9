-- revision: 005
-- revises: 003b
-- message: deployment events linked to vendor extractors
-- migrate:up
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

CREATE INDEX ix_repositories_last_indexed_at ON repositories (last_indexed_at) WHERE is_active;

-- migrate:down
DROP INDEX ix_repositories_last_indexed_at;
DROP TABLE vendor_deployment_links;
DROP TABLE deployment_events;
