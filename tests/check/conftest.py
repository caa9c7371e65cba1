"""Fixtures for the checks: the built-in termbase, loaded once."""

from __future__ import annotations

import pytest

from toolkit.termbase import Termbase, load_termbase


@pytest.fixture(scope="session")
def termbase() -> Termbase:
    return load_termbase()
