"""The engine runs without Django: from the CLI, a notebook or a script."""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import rung.engine

ENGINE_DIR = Path(rung.engine.__file__).parent
FORBIDDEN = ("django", "rung.web")


def _engine_modules() -> list[str]:
    names = ["rung.engine"]
    names += [m.name for m in pkgutil.walk_packages([str(ENGINE_DIR)], prefix="rung.engine.")]
    return sorted(names)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(node.args[0].value)
    return found


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def test_the_scan_would_catch_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom django.conf import settings\nimport rung.web.models as m\n"
        "from . import sibling\nimportlib.import_module('django.db')\n"
    )
    found = _imports(sample)
    assert [m for m in found if _forbidden(m)] == ["django.conf", "rung.web.models", "django.db"]
    assert not _forbidden("djangoish") and not _forbidden("rung.webhooks")
    assert {"schema.py", "store.py", "overview.py"} <= {f.name for f in ENGINE_DIR.rglob("*.py")}


def test_no_engine_source_imports_django_or_the_web_app() -> None:
    offenders = {
        str(path.relative_to(ENGINE_DIR)): bad
        for path in sorted(ENGINE_DIR.rglob("*.py"))
        if (bad := [m for m in _imports(path) if _forbidden(m)])
    }
    assert offenders == {}


def test_importing_every_engine_module_loads_no_django() -> None:
    modules = _engine_modules()
    assert {"rung.engine.schema", "rung.engine.store", "rung.engine.sample_data"} <= set(modules)
    code = "\n".join(
        [
            "import sys",
            *(f"import {name}" for name in modules),
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django' "
            "or m == 'rung.web' or m.startswith('rung.web.'))",
            "assert not loaded, loaded",
        ]
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    src = str(ENGINE_DIR.parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
