"""Shared fixtures: the bundled example pair (installed as package data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.sources import example_dir

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def seed_article() -> Path:
    return example_dir() / "article.de.txt"


@pytest.fixture(scope="session")
def seed_source() -> Path:
    return example_dir() / "source.txt"
