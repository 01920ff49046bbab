"""`rung assess`: an answers file to the rung and the roadmap, and the questions in the terminal."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from rung.cli.main import app
from rung.engine.assess.data import questionnaire


def _all(score: int) -> dict[str, int]:
    return {q.id: score for q in questionnaire()}


def test_answers_file_to_json(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"business": {"sector": "retail", "employees": 4}, "answers": _all(2)}))
    result = CliRunner().invoke(app, ["assess", "--answers", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["level"] == report["rung"] == 1
    assert report["rung_name"] == "Digital records, first tries"
    assert set(report["dimensions"]) == {"strategy", "data", "technology", "people", "use", "governance"}
    assert all(report["dimensions"][d]["score"] == 50 for d in ("strategy", "data", "technology"))
    top = report["top_use_cases"]
    assert len(top) == 3 and all(u["priority"] > 0 and u["title"] for u in top)
    assert [u["priority"] for u in top] == sorted((u["priority"] for u in top), reverse=True)
    assert isinstance(report["barriers"], list)
    assert report["summary"] == "Rung 1 of 4: Digital records, first tries"


def test_yaml_with_two_people_reports_disagreement(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"answers": [_all(4), _all(0)]}))
    result = CliRunner().invoke(app, ["assess", "--answers", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["respondents"] == 2 and report["confidence"] == "low"
    assert report["rung_range"] == [0, 4]
    assert any("see data differently" in n for n in report["notes"])


def test_text_output_names_level_scores_barriers_and_use_cases(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(_all(0)))
    result = CliRunner().invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 0, result.output
    assert "Rung 0 of 4: Paper and memory" in result.stdout
    assert "Barriers" in result.stdout and "Too little usable data" in result.stdout
    assert "Top use cases" in result.stdout


def test_bad_answers_are_refused(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"s_goals": 9}))
    result = CliRunner().invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 1 and "no option" in result.stdout


def test_interactive_in_the_terminal():
    asked = questionnaire()
    # the third option for every question, except: skip the first, and one wrong entry first
    lines = ["", *(["9", "3"] if i == 1 else ["3"] for i in range(1, len(asked)))]
    stdin = "\n".join(x for group in lines for x in (group if isinstance(group, list) else [group])) + "\n"
    result = CliRunner().invoke(app, ["assess", "--format", "json", "--sector", "hospitality"], input=stdin)
    assert result.exit_code == 0, result.output
    assert "1) " in result.stdout and "Type a number from 1 to" in result.stdout
    report = json.loads(result.stdout[result.stdout.index("\n{") :])
    assert (
        report["dimensions"]["strategy"]["answered"]
        == len([q for q in asked if q.dimension == "strategy"]) - 1
    )
    assert report["level"] in range(5) and len(report["top_use_cases"]) == 3
