"""The engine never depends on Discord: checked in the source, and in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

ENGINE = REPO_ROOT / "bot" / "engine"
ENGINE_MODULES = sorted(ENGINE.rglob("*.py"))


def called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else ""


def imported_modules(source: str) -> set[str]:
    """Absolute module names `source` imports anywhere (top level, functions, TYPE_CHECKING blocks)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Call) and called_name(node) in {"import_module", "__import__"} and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def is_discord(module: str) -> bool:
    return module == "discord" or module.startswith("discord.")


def test_the_scanner_sees_every_way_to_import_discord() -> None:
    sources = [
        "import discord",
        "import discord.ext.commands as c",
        "from discord import Embed",
        "from discord.ui import View",
        "def f():\n    import discord",
        "if TYPE_CHECKING:\n    from discord import Interaction",
        "importlib.import_module('discord')",
        "__import__('discord.app_commands')",
    ]
    for source in sources:
        assert any(is_discord(m) for m in imported_modules(source)), source
    assert not any(is_discord(m) for m in imported_modules("import discordant\nfrom .discord import x"))


def test_engine_modules_exist() -> None:
    names = {p.stem for p in ENGINE_MODULES}
    assert {"answers", "loader", "models", "render", "text", "index"} <= names


@pytest.mark.parametrize("module", ENGINE_MODULES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_engine_module_does_not_import_discord(module: Path) -> None:
    imports = imported_modules(module.read_text(encoding="utf-8"))

    assert sorted(m for m in imports if is_discord(m)) == []


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def test_importing_the_engine_does_not_load_discord() -> None:
    names = [".".join(p.relative_to(REPO_ROOT).with_suffix("").parts) for p in ENGINE_MODULES]
    modules = ", ".join(name.removesuffix(".__init__") for name in names)
    result = run_python(
        f"import bot.engine.answers, sys; assert 'discord' not in sys.modules\n"
        f"import {modules}\n"
        "leaked = sorted(m for m in sys.modules if m == 'discord' or m.startswith('discord.'))\n"
        "assert not leaked, leaked\n"
    )

    assert result.returncode == 0, result.stderr


def test_the_offline_tools_do_not_load_discord() -> None:
    # ask, who-said, validate, eval and chat work on a machine without Discord access.
    result = run_python("import bot.cli, bot.console, bot.evaluate, sys; assert 'discord' not in sys.modules")

    assert result.returncode == 0, result.stderr


def test_the_subprocess_check_can_fail() -> None:
    result = run_python("import discord, sys; assert 'discord' not in sys.modules")

    assert result.returncode != 0


def test_every_data_file_the_package_reads_is_declared_as_package_data() -> None:
    # A non-editable install (`pip install .`, the buildpack route) carries only declared data:
    # places.txt once was missing, and every answer failed with "file not found".
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]
    data_files = [
        p
        for p in (root / "bot").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data_files  # the lexicon and the places list at least
    for path in data_files:
        package = ".".join(path.parent.relative_to(root).parts)
        patterns = declared.get(package, [])
        assert any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns), f"{path} is not package data"
