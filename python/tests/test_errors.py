"""Errors are Python exceptions carrying the command line's one-line messages."""

from __future__ import annotations

import pytest

import newsclean
from test_options import PACK


def load_error(path) -> str:
    with pytest.raises(newsclean.RuleError) as caught:
        newsclean.Cleaner(rules=[path])
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_bad_regex_names_the_file_line_and_rule(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(PACK.replace('phrases = ["Visit our partner shop"]', 'regex = "(unclosed"'))
    message = load_error(bad)
    line = 1 + PACK.split("\n").index('phrases = ["Visit our partner shop"]')
    assert message.startswith(f"{bad}:{line}: rule mysite.promo: "), message


def test_an_unknown_field_is_named(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(PACK.replace('version = "0.1.0"', 'version = "0.1.0"\ncolour = "red"'))
    message = load_error(bad)
    assert str(bad) in message and "colour" in message


def test_a_missing_file_is_named(tmp_path):
    message = load_error(tmp_path / "missing.toml")
    assert message.startswith(str(tmp_path / "missing.toml") + ": ")


def test_an_unknown_id_is_refused():
    with pytest.raises(newsclean.RuleError, match="no-such-rule: no pack or rule has this id"):
        newsclean.clean("text", disable=["no-such-rule"])
    with pytest.raises(newsclean.RuleError, match="no-such-pack"):
        newsclean.Cleaner(enable=["no-such-pack"])


def test_messages_are_the_command_lines(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(PACK.replace('phrases = ["Visit our partner shop"]', 'regex = "(unclosed"'))
    for kwargs, args in [
        ({"rules": [bad]}, ["--rules", str(bad)]),
        ({"disable": ["no-such-rule"]}, ["--disable", "no-such-rule"]),
    ]:
        with pytest.raises(newsclean.RuleError) as caught:
            newsclean.Cleaner(**kwargs)
        run = cli(args, stdin=b"x")
        assert run.returncode == 2
        assert run.stderr.decode() == f"newsclean: {caught.value}\n"


def test_exception_classes():
    assert issubclass(newsclean.RuleError, newsclean.NewscleanError)
    assert issubclass(newsclean.NewscleanError, ValueError)
    assert newsclean.RuleError.__module__ == "newsclean"


def test_binary_bytes_are_refused_not_cleaned():
    with pytest.raises(newsclean.NewscleanError, match="looks like a binary file"):
        newsclean.Cleaner().clean_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 10)


def test_clean_many_names_the_item_that_is_not_a_string():
    with pytest.raises(TypeError, match="item 2 is bytes, not str"):
        newsclean.Cleaner().clean_many(["a", "b", b"c"])
    with pytest.raises(TypeError):
        newsclean.Cleaner().clean_many(None)


def test_threads_must_be_positive():
    with pytest.raises(ValueError, match="threads must be at least 1"):
        newsclean.Cleaner().clean_many(["a"], threads=0)
    with pytest.raises(OverflowError):
        newsclean.Cleaner().clean_many(["a"], threads=-1)
