"""The Python examples in README.md ("From Python") and python/README.md run as written,
with their placeholders (page, html, raw...) bound to fixtures."""

from __future__ import annotations

import re

import pytest

import newsclean
from conftest import FIXTURES, ROOT
from test_options import PACK


def python_blocks(readme: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme, flags=re.S)


def placeholders() -> dict:
    page = (FIXTURES / "independent-putin-starmer.txt").read_text(encoding="utf-8")
    html = (FIXTURES / "html-json-ld-only.html").read_bytes()
    return {
        "page": page,
        "page_text": page,
        "pages": [page, html.decode("utf-8")],
        "texts": [page, page],
        "html": html,
        "raw": (FIXTURES / "article-windows-1252.txt").read_bytes(),
        "raw_bytes": (FIXTURES / "article-windows-1252.txt").read_bytes(),
        "newsclean": newsclean,
    }


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize(
    "readme,heading",
    [("README.md", "## From Python"), ("python/README.md", "# newsclean for Python")],
)
def test_the_readmes_python_runs(readme, heading, tmp_path, monkeypatch):
    blocks = python_blocks(section((ROOT / readme).read_text(encoding="utf-8"), heading))
    assert blocks
    (tmp_path / "mysite.toml").write_text(PACK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # where rules=["mysite.toml"] is found
    for block in blocks:
        block = block.replace("import newsclean\n", "")
        exec(compile(block, readme, "exec"), placeholders())
