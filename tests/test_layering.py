"""The packages follow the pipeline: a module imports only its own layer and those below it.

docs/architecture.md draws the layers; this test is their contract. Every import counts,
also one inside a function or under `TYPE_CHECKING`: a lower layer that needs a higher one
has its boundary in the wrong place. Within one layer, modules may import each other, but
the module graph as a whole has no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "kg"

# Bottom to top. A module belongs to the first entry that is its name or a prefix of it
# (`kg.http` covers `kg.http.client`); entries of one tuple are one layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("kg", "kg.errors", "kg.excerpts", "kg.apart"),
    (
        "kg.atomic",
        "kg.resources",
        "kg.vocab",
        "kg.iris",
        "kg.names",
        "kg.quads",
        "kg.clock",
        "kg.yaml_text",
    ),
    ("kg.workers",),
    ("kg.http",),
    ("kg.records",),
    ("kg.mapping",),
    ("kg.consolidation",),
    ("kg.store",),
    ("kg.validation", "kg.sparql", "kg.linking"),
    ("kg.export",),
    ("kg.site",),
    ("kg.serve",),
    ("kg.build",),
    ("kg.cli", "kg.__main__"),
)
# Stages side by side in one layer that must not lean on each other.
INDEPENDENT = ("kg.validation", "kg.sparql", "kg.linking")


def module_name(path: Path) -> str:
    """Return the dotted name of a module file under kg/."""
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, name: str | None = None) -> set[str]:
    """Return every kg module `path` imports, wherever the import statement stands."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            modules = [alias for alias in node.names if _is_module(base, alias)]
            # `from kg import errors` imports the module kg.errors (Python runs kg's __init__
            # first, but that is the package's own business, not a dependency of this module)
            found.update(f"{base}.{alias.name}" for alias in modules)
            if len(modules) < len(node.names):
                found.add(base)
    return {module for module in found if module == "kg" or module.startswith("kg.")}


def _is_module(package: str, alias: ast.alias) -> bool:
    folder = REPO.joinpath(*package.split("."))
    return (folder / f"{alias.name}.py").is_file() or (folder / alias.name).is_dir()


def layer_of(module: str) -> tuple[int, str]:
    """Return the layer's index and the entry of LAYERS that `module` falls under."""
    best: tuple[int, str] | None = None
    for index, entries in enumerate(LAYERS):
        for entry in entries:
            # "kg" is the package's own __init__ only, not everything under it
            covers = module == entry or (entry != "kg" and module.startswith(entry + "."))
            if covers and (best is None or len(entry) > len(best[1])):
                best = (index, entry)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS and the architecture")
    return best


def import_graph() -> dict[str, set[str]]:
    """Return each kg module's kg imports (packages' `__init__` as the package's name)."""
    return {module_name(path): imported_modules(path) for path in sorted(PACKAGE.rglob("*.py"))}


GRAPH = import_graph()


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_a_module_imports_only_its_layer_and_below(module: str) -> None:
    level, entry = layer_of(module)
    wrong = []
    for target in sorted(GRAPH[module]):
        target_level, target_entry = layer_of(target)
        if target_level > level:
            wrong.append(f"{target} (a higher layer, {target_entry})")
        elif target_entry != entry and entry in INDEPENDENT and target_entry in INDEPENDENT:
            wrong.append(f"{target} (a stage beside it, {target_entry})")
    assert not wrong, f"{module} imports " + "; ".join(wrong)


def test_the_modules_import_each_other_without_a_cycle() -> None:
    state: dict[str, int] = {}  # 1 on the path being walked, 2 done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if target not in GRAPH or target == module:
                continue
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_every_module_is_in_a_layer() -> None:
    for module in GRAPH:
        layer_of(module)


def test_the_checker_sees_every_kind_of_import(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from kg.records import labels, Record\n"
        "import kg.store.graph_store\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from kg.build import build\n"
        "def late():\n"
        "    from ..sparql import catalogue\n",
        encoding="utf-8",
    )
    assert imported_modules(source, "kg.mapping.sample") == {
        "kg.records",  # Record, a name the package gives
        "kg.records.labels",
        "kg.store.graph_store",
        "kg.build",
        "kg.sparql.catalogue",
    }
