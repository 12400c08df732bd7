"""The folder says the architecture: no import cycle inside `engine/`, every module in the guide."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "engine"
GUIDE = ROOT / "docs" / "architecture.md"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(ENGINE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The engine module an import names (a package's name stands for its `__init__`)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """The engine modules a module imports when it is imported (not under TYPE_CHECKING)."""
    found: set[str] = set()
    body = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while body:
        node = body.pop()
        if isinstance(node, ast.If) and not _is_type_checking(node):
            body.extend([*node.body, *node.orelse])
        elif isinstance(node, ast.Try):
            body.extend([*node.body, *node.orelse, *node.finalbody])
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
            found.update(filter(None, map(_resolve, names)))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                target = _resolve(f"{node.module}.{alias.name}") or _resolve(node.module)
                if target:
                    found.add(target)
    return {name for name in found if name.startswith("engine")}


def _cycles() -> list[list[str]]:
    graph = {name: _imports(path) - {name} for name, path in MODULES.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return cycles


def test_no_engine_module_imports_one_that_imports_it_back() -> None:
    assert _cycles() == []


def test_the_cycle_check_reads_the_imports_it_guards() -> None:
    # Guard on the guard: the imports of the session, handlers and rules are what is walked.
    assert "engine.play.rules" in _imports(MODULES["engine.play.handlers"])
    assert "engine.play.handlers" in _imports(MODULES["engine.play.session"])
    assert "engine.play.session" not in _imports(MODULES["engine.play.rules"])


def test_the_architecture_guide_names_every_engine_module() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [
        str(path.relative_to(ROOT))
        for path in MODULES.values()
        if path.name != "__init__.py" or path.read_text(encoding="utf-8").count("\n") > 2
        if f"`{path.relative_to(ROOT)}`" not in guide
    ]
    assert missing == [], f"docs/architecture.md does not name {', '.join(missing)}"
