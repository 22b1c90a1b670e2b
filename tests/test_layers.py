"""
The layers point one way (docs/decisions/0004-layers.md): import-linter checks the contract in
pyproject.toml over the whole source tree, function-level imports included.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The command beside this Python (the project's .venv), without its cache (it would write into the tree).
LINT = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"]


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        LINT, cwd=cwd, capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(cwd)}
    )


def test_no_module_imports_upward_across_the_layers():
    result = lint(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_app_is_on_a_layer():
    """A new app must be added to the contract, or nothing stops it importing anything."""
    import tomllib

    from django.apps import apps

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    ours = {app.name for app in apps.get_app_configs() if (ROOT / app.name).is_dir()}
    layered = {name.strip() for layer in config["contracts"][0]["layers"] for name in layer.split("|")}

    assert ours <= layered, f"Not on a layer: {sorted(ours - layered)}"
    assert set(config["root_packages"]) == layered


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The negative control: the same kind of contract over a tree where the bottom imports the top."""
    for package, source in {
        "low": "def helper():\n    from high import thing  # inside a function, as a lazy import would be\n",
        "high": "thing = 1\n",
    }.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(source)
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.importlinter]
            root_packages = ["high", "low"]

            [[tool.importlinter.contracts]]
            name = "low at the bottom"
            type = "layers"
            layers = ["high", "low"]
            """
        )
    )

    result = lint(tmp_path)

    assert result.returncode != 0
    assert "low -> high" in result.stdout
