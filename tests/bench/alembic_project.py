#!/usr/bin/python3
"""Writes an Alembic project that runs the same SQL as a native Revisor migration set.

Used by alembic_compare.sh to time the Alembic CLI against revisor on identical migrations.
Usage: alembic_project.py SET_DIR OUT_DIR
"""
import pathlib
import re
import sys

set_dir, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
(out_dir / "versions").mkdir(parents=True, exist_ok=True)
(out_dir / "alembic.ini").write_text(
    "[alembic]\nscript_location = %s\n\n[loggers]\nkeys = root\n[handlers]\nkeys = console\n"
    "[formatters]\nkeys = generic\n[logger_root]\nlevel = WARN\nhandlers = console\n"
    "[handler_console]\nclass = StreamHandler\nargs = (sys.stderr,)\nlevel = NOTSET\nformatter = generic\n"
    "[formatter_generic]\nformat = %%(levelname)s %%(message)s\n" % out_dir)
(out_dir / "script.py.mako").write_text("")
(out_dir / "env.py").write_text('''import os
from alembic import context
from sqlalchemy import create_engine
engine = create_engine(os.environ["DATABASE_URL"])
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
''')
for path in sorted((set_dir / "versions").glob("*.sql")):
    text = path.read_text()
    rev = re.search(r"^--\s*revision:\s*(\S+)", text, re.M).group(1)
    down = re.search(r"^--[ \t]*revises:[ \t]*(\S*)", text, re.M)
    down = down.group(1) if down and down.group(1) else None
    up_sql, down_sql = re.split(r"^--\s*migrate:down\s*$", re.split(r"^--\s*migrate:up\s*$", text, flags=re.M)[1], flags=re.M)
    (out_dir / "versions" / (path.stem + ".py")).write_text(
        "from alembic import op\nrevision = %r\ndown_revision = %r\n"
        "def upgrade():\n    op.get_bind().exec_driver_sql(%r)\n"
        "def downgrade():\n    op.get_bind().exec_driver_sql(%r)\n" % (rev, down, up_sql.replace("%", "%%"), down_sql.replace("%", "%%")))
