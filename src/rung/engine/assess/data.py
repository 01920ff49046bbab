"""The assessment's content — questions, rungs and the use-case catalogue — loaded from JSON.

The content lives in data files, not code, so advisors can review and extend it and
translators can work from it: every English text in them is its own message id. Because a
typo in a data file would otherwise surface as a wrong score, `check_questionnaire` and
`check_catalogue` validate the structure (a hand-written schema, no extra dependency) and the
tests run them. Loading fails loudly on a broken file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

DIMENSIONS = ("strategy", "data", "technology", "people", "use", "governance")
GATING = ("data", "people", "use")
AXES = ("know", "want", "can")
OPTION_KINDS = ("laptop_classical", "local_open_model", "hosted_api", "saas")
EFFORTS = ("low", "medium", "high")
AI_ACT_CLASSES = ("minimal", "limited", "high", "prohibited")
VALUE_KINDS = ("hours", "stock", "waste", "revenue", "no_show", "typical")
RUNG_FEATURES = (
    "forecast",
    "inventory",
    "customers",
    "feedback",
    "inquiries",
    "quotations",
    "planning",
    "overview",
    "quality",
)
READINESS_USE_CASES = (
    "forecasting",
    "inventory",
    "customers",
    "feedback",
    "inquiries",
    "quotations",
    "planning",
)
MAX_QUESTIONS = 35
MAX_SCORE = 4

AnswerKey = int | str  # an option key: 0-4, or "na" for "does not apply"


class DataFileError(ValueError):
    """A data file does not match its schema."""


@dataclass(frozen=True)
class Option:
    key: AnswerKey
    text: str
    score: int | None  # None: "does not apply", left out of the dimension's score
    cap_level: int | None = None  # the dimension's level can be at most this with this answer
    floor_level: int | None = None  # ... and at least this (a cap wins over a floor)


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str
    axis: str
    text: str
    weight: float
    options: tuple[Option, ...]
    help: str | None = None

    def option(self, key: AnswerKey) -> Option:
        for option in self.options:
            if option.key == key or str(option.key) == str(key):
                return option
        raise KeyError(f"{self.id}: no option {key!r}")

    @property
    def scored_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.score is not None)


@dataclass(frozen=True)
class Rung:
    level: int
    name: str
    descriptor: str
    next_step: str
    maps_to: dict[str, str]


@dataclass(frozen=True)
class ModelOption:
    kind: str
    monthly_eur: int | None  # None: not a realistic option for this use case
    note: str


@dataclass(frozen=True)
class UseCase:
    id: str
    title: str
    summary: str
    sectors: tuple[str, ...]
    value_drivers: tuple[str, ...]
    value: dict[str, Any]
    data_needed: tuple[str, ...]
    readiness_use_case: str | None
    effort: str
    min_rung: int
    personal_data: bool
    options: tuple[ModelOption, ...]
    risks: tuple[str, ...]
    ai_act_risk: str
    ai_act_note: str
    rung_feature: str | None
    pilot: str
    success_measure: str
    lead: str

    def option(self, kind: str) -> ModelOption:
        return next(o for o in self.options if o.kind == kind)


def _read(name: str) -> dict[str, Any]:
    data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise DataFileError(f"{name}: the top level must be an object")
    return data


def _need(problems: list[str], where: str, item: dict[str, Any], key: str, kind: type) -> bool:
    value = item.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        problems.append(f"{where}: {key!r} missing or not {kind.__name__}")
        return False
    if isinstance(value, str) and not value.strip():
        problems.append(f"{where}: {key!r} is empty")
        return False
    return True


def check_questionnaire(doc: dict[str, Any]) -> list[str]:
    """Every problem with questions.json, as readable lines; an empty list when it is valid."""
    problems: list[str] = []
    dims = [d.get("id") for d in doc.get("dimensions", [])]
    if tuple(dims) != DIMENSIONS:
        problems.append(f"dimensions must be {DIMENSIONS}, got {dims}")
    gating = tuple(d.get("id") for d in doc.get("dimensions", []) if d.get("gating"))
    if set(gating) != set(GATING):
        problems.append(f"gating dimensions must be {GATING}, got {gating}")
    questions = doc.get("questions", [])
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        problems.append(f"{len(questions)} questions; at most {MAX_QUESTIONS} allowed")
    seen: set[str] = set()
    for q in questions:
        where = f"question {q.get('id')!r}"
        if not _need(problems, where, q, "id", str) or not _need(problems, where, q, "text", str):
            continue
        if q["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(q["id"])
        if q.get("dimension") not in DIMENSIONS:
            problems.append(f"{where}: unknown dimension {q.get('dimension')!r}")
        if q.get("axis") not in AXES:
            problems.append(f"{where}: axis must be one of {AXES}")
        if not isinstance(q.get("weight"), int | float) or q["weight"] < 0:
            problems.append(f"{where}: weight must be a number >= 0")
        options = q.get("options", [])
        scores = [o.get("score") for o in options if o.get("score") is not None]
        if scores != list(range(MAX_SCORE + 1)):
            problems.append(f"{where}: scored options must score 0..{MAX_SCORE} in order, got {scores}")
        keys = [o.get("key") for o in options]
        if len(set(map(str, keys))) != len(keys):
            problems.append(f"{where}: duplicate option keys")
        caps: list[int] = []
        floors: list[int] = []
        for o in options:
            if not isinstance(o.get("text"), str) or not o["text"].strip():
                problems.append(f"{where}: an option has no text")
            if o.get("score") is None and o.get("key") != "na":
                problems.append(f"{where}: only the 'na' option may be unscored")
            cap = o.get("cap_level")
            floor = o.get("floor_level")
            if o.get("score") is not None:
                caps.append(MAX_SCORE if cap is None else cap)
                floors.append(0 if floor is None else floor)
        # A better answer may never allow a lower level: caps and floors must not fall as scores rise.
        if caps != sorted(caps) or floors != sorted(floors):
            problems.append(f"{where}: cap_level and floor_level must not decrease as the score rises")
    return problems


def check_catalogue(doc: dict[str, Any]) -> list[str]:
    """Every problem with catalogue.json, as readable lines; an empty list when it is valid."""
    problems: list[str] = []
    sectors = doc.get("sectors", [])
    data_keys = set(doc.get("data_keys", []))
    seen: set[str] = set()
    for u in doc.get("use_cases", []):
        where = f"use case {u.get('id')!r}"
        for key in ("id", "title", "summary", "ai_act_note", "pilot", "success_measure", "lead"):
            _need(problems, where, u, key, str)
        if u.get("id") in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(str(u.get("id")))
        if not u.get("sectors") or any(s not in sectors for s in u.get("sectors", [])):
            problems.append(f"{where}: sectors must be a non-empty subset of {sectors}")
        if not u.get("value_drivers") or not all(isinstance(v, str) and v for v in u["value_drivers"]):
            problems.append(f"{where}: value_drivers must be non-empty texts")
        if not u.get("risks") or not all(isinstance(v, str) and v for v in u["risks"]):
            problems.append(f"{where}: risks must be non-empty texts")
        if any(d not in data_keys for d in u.get("data_needed", [])):
            problems.append(f"{where}: data_needed uses unknown keys")
        if u.get("effort") not in EFFORTS:
            problems.append(f"{where}: effort must be one of {EFFORTS}")
        if u.get("ai_act_risk") not in AI_ACT_CLASSES:
            problems.append(f"{where}: ai_act_risk must be one of {AI_ACT_CLASSES}")
        if not isinstance(u.get("min_rung"), int) or not 0 <= u["min_rung"] <= MAX_SCORE:
            problems.append(f"{where}: min_rung must be 0..{MAX_SCORE}")
        if not isinstance(u.get("personal_data"), bool):
            problems.append(f"{where}: personal_data must be true or false")
        if u.get("rung_feature") not in (None, *RUNG_FEATURES):
            problems.append(f"{where}: unknown rung_feature {u.get('rung_feature')!r}")
        if u.get("readiness_use_case") not in (None, *READINESS_USE_CASES):
            problems.append(f"{where}: unknown readiness_use_case {u.get('readiness_use_case')!r}")
        options = u.get("options", {})
        if set(options) != set(OPTION_KINDS):
            problems.append(f"{where}: options must name exactly {OPTION_KINDS}")
        elif not any(options[k].get("monthly_eur") is not None for k in OPTION_KINDS):
            problems.append(f"{where}: at least one option must be realistic")
        for kind, option in options.items():
            cost = option.get("monthly_eur")
            if cost is not None and (not isinstance(cost, int) or cost < 0):
                problems.append(f"{where}: {kind}.monthly_eur must be a whole number >= 0 or null")
        value = u.get("value", {})
        if value.get("kind") not in VALUE_KINDS:
            problems.append(f"{where}: value.kind must be one of {VALUE_KINDS}")
        if not isinstance(value.get("typical_monthly_eur"), int) or value["typical_monthly_eur"] <= 0:
            problems.append(f"{where}: value.typical_monthly_eur must be a positive whole number")
        if value.get("kind") == "hours" and not (
            isinstance(value.get("hours_fact"), str) and 0 < value.get("share", 0) <= 1
        ):
            problems.append(f"{where}: an hours value needs hours_fact and a share in (0, 1]")
    return problems


@cache
def questionnaire() -> tuple[Question, ...]:
    doc = _read("questions.json")
    if problems := check_questionnaire(doc):
        raise DataFileError("questions.json: " + "; ".join(problems))
    return tuple(
        Question(
            id=q["id"],
            dimension=q["dimension"],
            axis=q["axis"],
            text=q["text"],
            weight=float(q["weight"]),
            options=tuple(
                Option(o["key"], o["text"], o["score"], o.get("cap_level"), o.get("floor_level"))
                for o in q["options"]
            ),
            help=q.get("help"),
        )
        for q in doc["questions"]
    )


def questions_by_id() -> dict[str, Question]:
    return {q.id: q for q in questionnaire()}


@cache
def rungs() -> tuple[Rung, ...]:
    doc = _read("rungs.json")
    return tuple(
        Rung(r["level"], r["name"], r["descriptor"], r["next_step"], dict(r["maps_to"])) for r in doc["rungs"]
    )


@cache
def level_thresholds() -> tuple[int, ...]:
    return tuple(int(t) for t in _read("rungs.json")["level_thresholds"])


@cache
def catalogue() -> tuple[UseCase, ...]:
    doc = _read("catalogue.json")
    if problems := check_catalogue(doc):
        raise DataFileError("catalogue.json: " + "; ".join(problems))
    return tuple(
        UseCase(
            id=u["id"],
            title=u["title"],
            summary=u["summary"],
            sectors=tuple(u["sectors"]),
            value_drivers=tuple(u["value_drivers"]),
            value=dict(u["value"]),
            data_needed=tuple(u["data_needed"]),
            readiness_use_case=u["readiness_use_case"],
            effort=u["effort"],
            min_rung=u["min_rung"],
            personal_data=u["personal_data"],
            options=tuple(
                ModelOption(k, u["options"][k]["monthly_eur"], u["options"][k]["note"]) for k in OPTION_KINDS
            ),
            risks=tuple(u["risks"]),
            ai_act_risk=u["ai_act_risk"],
            ai_act_note=u["ai_act_note"],
            rung_feature=u["rung_feature"],
            pilot=u["pilot"],
            success_measure=u["success_measure"],
            lead=u["lead"],
        )
        for u in doc["use_cases"]
    )


def read_raw(name: str) -> dict[str, Any]:
    """A data file as parsed JSON, for schema tests and translation extraction."""
    return _read(name)
