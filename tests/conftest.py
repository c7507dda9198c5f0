"""Shared test helpers. `shared_dir`: the read-only shared data next to the repository.

Tests that need it are marked `corpus` and FAIL (never skip) when it is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` (corpus, seed, research); fails the test when it is missing."""
    if not (SHARED_DIR / "corpus").is_dir():
        pytest.fail(f"shared data not found at {SHARED_DIR} (corpus tests need it)")
    return SHARED_DIR
