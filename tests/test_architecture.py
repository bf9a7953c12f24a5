"""Guards of the codebase's own rules (STYLE.md): layers, thin pages, one streamlit package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard.access.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dashboard"
MODULES = sorted(PACKAGE.rglob("*.py"))

# What each part of the package may import from the rest of it, at run time: the layers, lowest
# first. Renderers (charts, excel) know no database: a report's type is imported for type checking only.
VOCABULARY = {"enums", "errors", "text"}
ALLOWED = {
    "enums": set(),
    "errors": set(),
    "text": {"errors"},
    "mcda": set(),
    "mandate": set(),  # facts about the expert group, with their sources
    "charts": VOCABULARY,
    "excel": VOCABULARY | {"charts"},
    "store": VOCABULARY,
    "access": VOCABULARY | {"store"},
    "admin": VOCABULARY | {"store", "access", "monitoring"},  # seeding publishes the demo rounds
    "assessment": VOCABULARY | {"mcda", "store", "access"},
    "monitoring": VOCABULARY | {"store", "access", "excel"},  # the upload is read by excel.upload
    "cabinet": VOCABULARY | {"store", "assessment", "monitoring"},
    "ui": VOCABULARY | {"store", "access", "assessment", "monitoring", "charts", "excel"},
    "cli": VOCABULARY | {"store", "access", "admin", "assessment", "monitoring", "excel"},
    "__main__": {"cli"},
    "__init__": set(),
}
ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)


def _part(path: Path) -> str:
    """The layer a module belongs to: its subpackage, or the top-level module's own name."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported when the file runs (imports under ``if TYPE_CHECKING:`` left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _roots(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_imports_only_from_its_layer_or_below(module):
    part = _part(module)
    used = {
        name.split(".")[1]
        for name in _runtime_imports(module)
        if name.startswith("dashboard.") and name.split(".")[1] != part
    }
    assert used <= ALLOWED[part], f"{part} may not import {sorted(used - ALLOWED[part])}"


def test_only_the_ui_package_imports_streamlit():
    importers = {_part(p) for p in MODULES if "streamlit" in _roots(_runtime_imports(p))}
    assert importers == {"ui"}


@pytest.mark.parametrize("part", ["mcda", "charts", "excel"])
def test_the_engine_and_the_renderers_know_no_database(part):
    for module in (PACKAGE / part).rglob("*.py"):
        assert not _roots(_runtime_imports(module)) & {"sqlalchemy", "streamlit", "alembic"}, module.name


PAGE_FILES = sorted((ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_pages_are_thin_hold_no_sql_and_no_arithmetic(page):
    source = page.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 100, f"{page.name} is hiding logic"
    assert "sqlalchemy" not in _roots(_runtime_imports(page))
    sums = [
        ast.unparse(node)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ARITHMETIC)
    ]
    assert sums == [], f"{page.name} computes {sums}: a service should"


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.path)
def test_every_page_states_the_permission_navigation_gives_it_first(spec):
    tree = ast.parse((ROOT / spec.path).read_text(encoding="utf-8"))
    first = next(node for node in tree.body[1:] if not isinstance(node, ast.Import | ast.ImportFrom))
    call = first.value if isinstance(first, ast.Expr | ast.Assign) else None
    assert call is not None and ast.unparse(call) == f"ui.require(Action.{spec.action.name})"


def test_navigation_lists_every_page_file_and_only_existing_ones():
    declared = {p.path for p in PAGES}
    on_disk = {f"pages/{p.name}" for p in PAGE_FILES}
    assert declared == on_disk
    assert sum(p.default for p in PAGES) == 1
    assert len({p.url_path for p in PAGES}) == len(PAGES)


def test_no_pages_folder_beside_the_entry_script():
    """A pages/ folder beside the entry script would make a fresh server run pages without sign-in."""
    assert not (ROOT / "app" / "pages").exists()


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(module):
    assert len(module.read_text(encoding="utf-8").splitlines()) <= 400
