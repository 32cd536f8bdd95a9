"""Fixtures the seed's test (test_migration_002_downgrade.py) uses without defining them.

Written for tests/bench/seed_compare.sh, which runs that test unchanged against the bundled
Alembic project (migrations/codebase_mcp_alembic) on a scratch server:

- test_engine / session: an asyncpg engine and session on $TEST_DATABASE_URL, one per test.
  The session autocommits each statement: the test reads row counts through it and then runs
  `alembic upgrade head` in a subprocess while the session stays open; an open transaction
  would keep its AccessShareLock on repositories and code_chunks, and the upgrade's ALTER
  TABLE would wait for it until the test's 30 s timeout.
- baseline_data: the test asks for it in TestPostRollbackValidation.test_row_count_preservation
  but never defines it. Chosen here: the whole rollback scenario the class validates (the
  test's own baseline_with_sample_data fixture: fresh schema, `alembic upgrade 005`, the sample
  rows; then `alembic upgrade head` and `alembic downgrade -1`), returning the baseline's
  metadata (row counts and ids). Every test of TestPostRollbackValidation runs after that
  scenario (autouse fixture below), since each validates the rolled-back database; run alone
  they would otherwise inspect an empty one.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool


@pytest_asyncio.fixture
async def test_engine(test_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(test_database_url, poolclass=NullPool)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def session(test_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(test_database_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    async with AsyncSession(engine, expire_on_commit=False) as s:
        yield s
    await engine.dispose()


def _alembic(args: list[str], url: str, root: Path) -> None:
    env = dict(os.environ, DATABASE_URL=url)
    result = subprocess.run(["alembic", *args], cwd=str(root), env=env, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"alembic {' '.join(args)} failed:\n{result.stderr}")


@pytest_asyncio.fixture
async def baseline_data(baseline_with_sample_data: dict[str, Any], alembic_database_url: str,
                        repo_root: Path) -> dict[str, Any]:
    _alembic(["upgrade", "head"], alembic_database_url, repo_root)
    _alembic(["downgrade", "-1"], alembic_database_url, repo_root)
    return baseline_with_sample_data


@pytest.fixture(autouse=True)
def _rolled_back_for_validation(request: pytest.FixtureRequest) -> None:
    if request.cls is not None and request.cls.__name__ == "TestPostRollbackValidation":
        request.getfixturevalue("baseline_data")
