"""Answer sets for the assessment tests: every question at one level, with overrides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rung.engine.assess.data import questionnaire

PROFILES = Path(__file__).resolve().parents[3] / "bench" / "assess_profiles"


def uniform(level: int, **overrides: Any) -> dict[str, Any]:
    """Every question answered with option `level`, then the overrides (question id -> key)."""
    answers: dict[str, Any] = {q.id: level for q in questionnaire()}
    answers.update(overrides)
    return answers


def load_profile(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PROFILES / f"{name}.json").read_text())
    return data


def profile_facts(profile: dict[str, Any]) -> dict[str, Any]:
    return {
        **profile["facts"],
        "sector": profile["sector"],
        "employees": profile["employees"],
        "data": profile["data"],
    }


@pytest.fixture
def profiles() -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(PROFILES.glob("*.json"))]
