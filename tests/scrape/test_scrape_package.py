import ast
from pathlib import Path

import scrape

SRC = Path(scrape.__file__).parent


def test_exported_names_exist() -> None:
    for name in scrape.__all__:
        assert hasattr(scrape, name), name


def test_scrape_knows_nothing_of_extraction() -> None:
    """scrape must never import extract or pipelines."""
    for path in SRC.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in {"extract", "pipelines"}, f"{path.name}: {name}"


def test_public_functions_have_docstrings() -> None:
    for path in SRC.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name.startswith("_"):
                    continue
                assert ast.get_docstring(node), f"{path.name}: {node.name} has no docstring"
