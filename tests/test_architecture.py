"""Guards of the codebase's own rules (STYLE.md): layers, thin pages, one streamlit module."""

import ast
from pathlib import Path

from dashboard.access.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_package_imports_streamlit():
    importers = {
        p.relative_to(ROOT).parts[1] for p in (ROOT / "dashboard").rglob("*.py") if "streamlit" in _imports(p)
    }
    assert importers == {"ui"}


def test_pages_import_no_sqlalchemy_and_stay_thin():
    for page in (ROOT / "pages").glob("*.py"):
        assert "sqlalchemy" not in _imports(page), page.name
        assert len(page.read_text().splitlines()) <= 100, f"{page.name} is hiding logic"


def test_navigation_lists_every_page_file_and_only_existing_ones():
    declared = {p.path for p in PAGES}
    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert declared == on_disk
    assert sum(p.default for p in PAGES) == 1


def test_modules_stay_small():
    for module in (ROOT / "dashboard").rglob("*.py"):
        assert len(module.read_text().splitlines()) <= 400, module.name
