"""The house points one way (README, "Layers"): import-linter's contracts in pyproject.toml,
and no import of the project's own modules hidden inside a function to get around them."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mentorship", "bases", "students", "subsidies", "events", "mentors")

# Where an import inside a function is the framework's way, not a dodge.
ALLOWED = {
    # Django runs each app's ready() once the registry is loaded; registering there is
    # its documented place.
    "apps.py",
}


def _function_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and not inner.level:
                names = [inner.module or ""]
            elif isinstance(inner, ast.Import):
                names = [alias.name for alias in inner.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] in PACKAGES:
                    yield f"{path.relative_to(ROOT)}:{inner.lineno} imports {name}"


def test_the_layer_and_no_cycle_contracts_hold():
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_no_project_import_hides_inside_a_function():
    hidden = [
        found
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and path.name not in ALLOWED
        for found in _function_imports(path)
    ]
    assert hidden == []
