"""Package-wide rules, checked on the source.

Under pytest, ``tests/`` is on sys.path (tests/conftest.py), so a bare ``import scrape``
can resolve to the namespace package ``tests/scrape``; submodules still resolve to
``src/scrape`` through the editable install. Hence the checks below start from a submodule.
"""

import ast
import importlib
from pathlib import Path

import scrape.archive

SRC = Path(scrape.archive.__file__).parent


def _trees() -> list[tuple[str, ast.Module]]:
    return [(p.name, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.glob("*.py"))]


def test_exported_names_exist() -> None:
    """Every name in scrape.__all__ is imported in __init__.py from a module that has it."""
    init = ast.parse((SRC / "__init__.py").read_text(encoding="utf-8"))
    imported: dict[str, str] = {}
    exported: list[str] = []
    for node in init.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            for alias in node.names:
                imported[alias.name] = node.module or ""
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__":
            exported = list(ast.literal_eval(node.value))
    assert sorted(exported) == sorted(imported)
    for name, module in imported.items():
        assert hasattr(importlib.import_module(f"scrape.{module}"), name), name


def test_scrape_knows_nothing_of_extraction() -> None:
    """scrape must never import extract or pipelines."""
    for filename, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in {"extract", "pipelines"}, f"{filename}: {name}"


def test_public_functions_have_docstrings() -> None:
    for filename, tree in _trees():
        for node in ast.walk(tree):
            kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            if isinstance(node, kinds) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{filename}: {node.name} has no docstring"
