"""The type stubs describe the module as it is: every name, and every method's parameters."""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

import newsclean
from newsclean import _newsclean

STUB = Path(newsclean.__file__).with_name("_newsclean.pyi")


def stub_tree() -> ast.Module:
    return ast.parse(STUB.read_text(encoding="utf-8"))


def params(fn: ast.FunctionDef) -> list[str]:
    a = fn.args
    return [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.arg != "self"]


def test_py_typed_is_shipped():
    assert STUB.with_name("py.typed").exists()


def test_every_runtime_name_has_a_stub_and_back():
    tree = stub_tree()
    stubbed = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    runtime = {n for n in dir(_newsclean) if not n.startswith("_")}
    assert {"Cleaner", "clean", "clean_html", "Page", "NewscleanError", "RuleError"} <= stubbed
    assert runtime - stubbed == set()
    assert stubbed - runtime <= {"DroppedEvent", "RepairedEvent", "HtmlEvent", "Report"}
    assert set(newsclean.__all__) <= runtime | {"__version__"}


def test_signatures_match():
    tree = stub_tree()
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    cleaner = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Cleaner")
    methods = {n.name: n for n in cleaner.body if isinstance(n, ast.FunctionDef)}
    assert params(funcs["clean"]) == list(inspect.signature(newsclean.clean).parameters)
    html = list(inspect.signature(newsclean.clean_html).parameters)
    assert params(funcs["clean_html"]) == html
    if sys.version_info >= (3, 10):  # abi3 classes carry a text signature from 3.10 on
        init = list(inspect.signature(newsclean.Cleaner).parameters)
        assert params(methods["__init__"]) == init
    public = {n for n in dir(newsclean.Cleaner) if not n.startswith("_")}
    assert public == set(methods) - {"__init__"}
    for name in public:
        runtime = list(inspect.signature(getattr(newsclean.Cleaner, name)).parameters)
        assert params(methods[name]) == [p for p in runtime if p != "self"], name


def test_page_properties_match():
    tree = stub_tree()
    page = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Page")
    stubbed = {n.name for n in page.body if isinstance(n, ast.FunctionDef)}
    public = {n for n in dir(newsclean.Page) if not n.startswith("_")}
    assert public == stubbed
    assert {"text", "title", "author", "date", "url", "language", "site_name"} <= public
