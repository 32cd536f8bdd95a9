"""Table definitions shared by the revisions that create a table and by revision 002's
downgrade, which re-creates nine tables exactly as revision 005 left them.

Every constraint and index carries an explicit name so that later revisions (and their
downgrades) can refer to it and re-create it identically. Column order follows the history:
a column a later revision added comes last, as ALTER TABLE ... ADD COLUMN placed it.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import INTERVAL, JSONB, UUID

NOW = sa.text("now()")
UUID_DEFAULT = sa.text("gen_random_uuid()")
EMPTY_OBJECT = sa.text("'{}'::jsonb")


def tz(name, nullable=True, default=None):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, server_default=default)


def create_set_updated_at():
    op.execute("""
CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$""")


def create_updated_at_trigger(table):
    op.execute(f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION set_updated_at()")


def create_tasks(estimated_hours=False, work_item_id=False):
    """tasks as 001 created it; with the columns 003 (estimated_hours) and 003a (work_item_id) added."""
    extra = []
    if estimated_hours:
        extra += [sa.Column("estimated_hours", sa.Numeric(6, 2)),
                  sa.CheckConstraint("estimated_hours >= 0", name="ck_tasks_estimated_hours")]
    if work_item_id:
        extra += [sa.Column("work_item_id", UUID()),
                  sa.ForeignKeyConstraint(["work_item_id"], ["work_items.id"], name="fk_tasks_work_item", ondelete="SET NULL")]
    op.create_table(
        "tasks",
        sa.Column("id", UUID(), nullable=False, server_default=UUID_DEFAULT),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("notes", sa.Text()),
        sa.Column("status", sa.String(20), nullable=False, server_default=sa.text("'need to be done'")),
        sa.Column("planning_references", JSONB(), nullable=False, server_default=sa.text("'[]'::jsonb")),
        tz("created_at", False, NOW),
        tz("updated_at", False, NOW),
        *extra,
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
        sa.CheckConstraint("status IN ('need to be done', 'in-progress', 'complete')", name="ck_tasks_status"),
        comment="Development tasks tracked alongside the indexed code",
    )
    op.create_index("ix_tasks_status", "tasks", ["status"])
    op.create_index("ix_tasks_created_at", "tasks", [sa.text("created_at DESC")])
    if work_item_id:
        op.create_index("ix_tasks_work_item_id", "tasks", ["work_item_id"], postgresql_where=sa.text("work_item_id IS NOT NULL"))


def create_task_branches_and_commits():
    op.create_table(
        "task_branches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", UUID(), nullable=False),
        sa.Column("branch_name", sa.String(100), nullable=False),
        tz("created_at", False, NOW),
        sa.PrimaryKeyConstraint("id", name="pk_task_branches"),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name="fk_task_branches_task", ondelete="CASCADE"),
        sa.UniqueConstraint("task_id", "branch_name", name="uq_task_branches_task_branch"),
    )
    op.create_index("ix_task_branches_branch_name", "task_branches", ["branch_name"])
    op.create_table(
        "task_commits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", UUID(), nullable=False),
        sa.Column("commit_hash", sa.CHAR(40), nullable=False, comment="Full 40-character lowercase SHA-1"),
        sa.Column("message", sa.Text()),
        tz("committed_at"),
        tz("created_at", False, NOW),
        sa.PrimaryKeyConstraint("id", name="pk_task_commits"),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name="fk_task_commits_task", ondelete="CASCADE"),
        sa.UniqueConstraint("task_id", "commit_hash", name="uq_task_commits_task_commit"),
        sa.CheckConstraint("commit_hash ~ '^[0-9a-f]{40}$'", name="ck_task_commits_commit_hash"),
    )
    op.create_index("ix_task_commits_commit_hash", "task_commits", ["commit_hash"])


def create_work_items():
    op.create_table(
        "work_items",
        sa.Column("id", UUID(), nullable=False, server_default=UUID_DEFAULT),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"), comment="Optimistic-locking counter"),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("item_type", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default=sa.text("'active'")),
        sa.Column("parent_id", UUID()),
        sa.Column("path", sa.String(500), nullable=False, comment="Materialized path of ancestor ids, e.g. /root/parent/self"),
        sa.Column("depth", sa.SmallInteger(), nullable=False, server_default=sa.text("0")),
        sa.Column("branch_name", sa.String(100)),
        sa.Column("metadata", JSONB(), nullable=False, server_default=EMPTY_OBJECT),
        tz("deleted_at"),
        tz("created_at", False, NOW),
        tz("updated_at", False, NOW),
        sa.Column("created_by", sa.String(100), nullable=False, server_default=sa.text("'system'")),
        sa.PrimaryKeyConstraint("id", name="pk_work_items"),
        sa.ForeignKeyConstraint(["parent_id"], ["work_items.id"], name="fk_work_items_parent", ondelete="SET NULL"),
        sa.CheckConstraint("item_type IN ('project', 'session', 'task', 'research')", name="ck_work_items_item_type"),
        sa.CheckConstraint("status IN ('active', 'completed', 'blocked')", name="ck_work_items_status"),
        sa.CheckConstraint("depth BETWEEN 0 AND 5", name="ck_work_items_depth"),
        sa.CheckConstraint("version >= 1", name="ck_work_items_version"),
        comment="Projects, sessions, tasks and research items in one hierarchy",
    )
    op.create_index("ix_work_items_parent_id", "work_items", ["parent_id"])
    op.create_index("ix_work_items_type_status", "work_items", ["item_type", "status"])
    op.create_index("ix_work_items_active_updated", "work_items", [sa.text("updated_at DESC")],
                    postgresql_where=sa.text("deleted_at IS NULL"))
    op.create_index("ix_work_items_metadata", "work_items", ["metadata"], postgresql_using="gin",
                    postgresql_ops={"metadata": "jsonb_path_ops"})
    create_updated_at_trigger("work_items")
    op.create_table(
        "work_item_dependencies",
        sa.Column("source_id", UUID(), nullable=False),
        sa.Column("target_id", UUID(), nullable=False),
        sa.Column("dependency_type", sa.String(20), nullable=False, server_default=sa.text("'blocks'")),
        tz("created_at", False, NOW),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["work_items.id"], name="fk_work_item_dependencies_source", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["work_items.id"], name="fk_work_item_dependencies_target", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("source_id", "target_id", name="pk_work_item_dependencies"),
        sa.CheckConstraint("dependency_type IN ('blocks', 'depends_on')", name="ck_work_item_dependencies_type"),
        sa.CheckConstraint("source_id <> target_id", name="ck_work_item_dependencies_not_self"),
    )
    op.create_index("ix_work_item_dependencies_target_id", "work_item_dependencies", ["target_id"])


def create_vendor_tables():
    op.create_table(
        "vendor_extractors",
        sa.Column("id", UUID(), nullable=False, server_default=UUID_DEFAULT),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default=sa.text("'broken'")),
        sa.Column("extractor_version", sa.String(50), nullable=False),
        sa.Column("manifest_compliant", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("supported_formats", sa.ARRAY(sa.Text()), nullable=False, server_default=sa.text("'{}'::text[]")),
        sa.Column("metadata", JSONB(), nullable=False, server_default=EMPTY_OBJECT),
        tz("created_at", False, NOW),
        tz("updated_at", False, NOW),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_vendor_extractors"),
        sa.UniqueConstraint("name", name="uq_vendor_extractors_name"),
        sa.CheckConstraint("status IN ('operational', 'broken')", name="ck_vendor_extractors_status"),
        sa.CheckConstraint("version >= 1", name="ck_vendor_extractors_version"),
        comment="Commission-data extractors maintained per vendor",
    )
    op.create_index("ix_vendor_extractors_status", "vendor_extractors", ["status"])
    create_updated_at_trigger("vendor_extractors")
    op.create_table(
        "vendor_test_results",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("vendor_id", UUID(), nullable=False),
        tz("run_at", False, NOW),
        sa.Column("passed", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("failed", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("skipped", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("pass_rate", sa.Numeric(5, 2)),
        sa.Column("duration", INTERVAL()),
        sa.Column("details", JSONB()),
        sa.PrimaryKeyConstraint("id", name="pk_vendor_test_results"),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendor_extractors.id"], name="fk_vendor_test_results_vendor", ondelete="CASCADE"),
        sa.CheckConstraint("passed >= 0 AND failed >= 0 AND skipped >= 0", name="ck_vendor_test_results_counts"),
        sa.CheckConstraint("pass_rate BETWEEN 0 AND 100", name="ck_vendor_test_results_pass_rate"),
    )
    op.create_index("ix_vendor_test_results_vendor_run", "vendor_test_results", ["vendor_id", sa.text("run_at DESC")])


def create_deployment_tables():
    op.create_table(
        "deployment_events",
        sa.Column("id", UUID(), nullable=False, server_default=UUID_DEFAULT),
        tz("deployed_at", False),
        sa.Column("commit_hash", sa.CHAR(40), nullable=False),
        sa.Column("pr_number", sa.Integer()),
        sa.Column("pr_title", sa.String(500)),
        sa.Column("environment", sa.String(20), nullable=False, server_default=sa.text("'production'")),
        sa.Column("test_summary", JSONB(), nullable=False, server_default=EMPTY_OBJECT,
                  comment="Test counts per category at deploy time"),
        sa.Column("constitutional_compliance", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        tz("created_at", False, NOW),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deployment_events"),
        sa.CheckConstraint("commit_hash ~ '^[0-9a-f]{40}$'", name="ck_deployment_events_commit_hash"),
        sa.CheckConstraint("environment IN ('development', 'staging', 'production')", name="ck_deployment_events_environment"),
        sa.UniqueConstraint("commit_hash", "environment", name="uq_deployment_events_commit_environment"),
        comment="One row per deployment of the service",
    )
    op.create_index("ix_deployment_events_deployed_at", "deployment_events", [sa.text("deployed_at DESC")])
    op.create_index("ix_deployment_events_pr_number", "deployment_events", ["pr_number"],
                    postgresql_where=sa.text("pr_number IS NOT NULL"))
    op.create_table(
        "vendor_deployment_links",
        sa.Column("deployment_id", UUID(), nullable=False),
        sa.Column("vendor_id", UUID(), nullable=False),
        sa.Column("status_before", sa.String(20)),
        sa.Column("status_after", sa.String(20)),
        tz("created_at", False, NOW),
        sa.ForeignKeyConstraint(["deployment_id"], ["deployment_events.id"], name="fk_vendor_deployment_links_deployment",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendor_extractors.id"], name="fk_vendor_deployment_links_vendor",
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("deployment_id", "vendor_id", name="pk_vendor_deployment_links"),
    )
    op.create_index("ix_vendor_deployment_links_vendor_id", "vendor_deployment_links", ["vendor_id"])
