"""How the package's modules depend on each other: no import circle within the core, the store or the
message catalogue, and a core that imports none of the layers above it; and no two modules of one name."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

import cpd_cli

ROOT = Path(cpd_cli.__file__).parent


def module_name(file: Path) -> str:
    parts = file.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(file: Path) -> set[str]:
    """Every cpd_cli module ``file`` imports, inside functions too: a circle there is a circle all the same."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # a module imported by name
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def graph(package: str) -> dict[str, set[str]]:
    folder = ROOT.joinpath(*package.split(".")[1:])
    files = {module_name(file): file for file in folder.rglob("*.py")}
    return {name: imported(file) & files.keys() - {name} for name, file in files.items()}


def circles(imports: dict[str, set[str]]) -> list[str]:
    def reaches(start: str, target: str, seen: set[str]) -> bool:
        return any(
            name == target or (name not in seen and reaches(name, target, seen | {name}))
            for name in imports.get(start, ())
        )

    return [module for module in imports if reaches(module, module, set())]


@pytest.mark.parametrize("package", ["cpd_cli.core", "cpd_cli.store", "cpd_cli.messages"])
def test_no_import_circle(package: str) -> None:
    imports = graph(package)
    assert len(imports) > 3  # the walk found the package's modules
    assert circles(imports) == []


def test_a_circle_is_seen() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c"]


def test_the_core_imports_no_layer_above_it() -> None:
    above = ("cpd_cli.store", "cpd_cli.cli", "cpd_cli.export", "cpd_cli.messages", "typer", "rich", "click")
    leaks = {
        module_name(file): sorted(name for name in imported(file) if name.startswith(above))
        for file in (ROOT / "core").rglob("*.py")
    }
    assert {module: names for module, names in leaks.items() if names} == {}


def test_no_two_modules_share_a_name() -> None:
    """A file name says which module it is: ``table.py`` in two folders is two things a reader confuses."""
    names = Counter(file.name for file in ROOT.rglob("*.py") if file.name != "__init__.py")
    assert len(names) > 50  # the walk found the package's modules
    assert sorted(name for name, count in names.items() if count > 1) == []
