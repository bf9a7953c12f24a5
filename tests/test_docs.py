"""The README's notebook example runs and prints what it says."""

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_runs():
    failures, tried = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried >= 10
    assert failures == 0


def test_readme_documents_every_public_engine_function():
    from dashboard import mcda

    text = README.read_text()
    functions = [
        name for name in mcda.__all__ if name[0].islower() and name not in ("sample_weights", "utilities")
    ]
    missing = [name for name in functions if f"`{name}(" not in text]
    assert missing == []
