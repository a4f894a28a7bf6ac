"""What the deployment tests share: one migrated SQLite database with the fixed cast,
made once per test process by real ``escalate`` commands."""

from __future__ import annotations

import live
import pytest


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The production environment of a migrated, seeded SQLite database (copy it to write)."""
    return live.seeded_sqlite(tmp_path_factory.mktemp("seeded"))
