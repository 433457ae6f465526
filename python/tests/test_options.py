"""Each option changes what it says, the same way through Cleaner and clean(**options)."""

from __future__ import annotations

import pickle

import pytest

import newsclean

ARTICLE = (
    "The council voted on Tuesday to build eleven kilometres of protected cycle lanes, "
    "with work starting in the spring and finishing within two years.\n"
    "Residents who had campaigned for the lanes said the decision was long overdue "
    "and welcomed the timetable.\n"
)
NEWSLETTER = "Sign up for our newsletter\n"
MOJIBAKE = "The mayor\u00e2\u20ac\u2122s plan was approved.\n"
PACK = """
[pack]
id = "mysite"
name = "My site"
description = "Lines my scraper always picks up"
version = "0.1.0"

[[rule]]
id = "mysite.promo"
description = "the site's own promotion line"
phrases = ["Visit our partner shop"]
examples = ["Visit our partner shop"]
counter_examples = ["He said he would visit the shop on Monday."]
"""


def test_defaults_repair_and_drop_boilerplate():
    out = newsclean.clean(NEWSLETTER + MOJIBAKE + ARTICLE)
    assert "newsletter" not in out
    assert "The mayor\u2019s plan" in out


def test_repair_false_leaves_mojibake():
    out = newsclean.clean(MOJIBAKE + ARTICLE, repair=False)
    assert "\u00e2\u20ac\u2122" in out
    assert newsclean.Cleaner(repair=False).clean(MOJIBAKE + ARTICLE) == out


def test_boilerplate_false_keeps_every_line():
    out = newsclean.clean(NEWSLETTER + ARTICLE, boilerplate=False)
    assert out == NEWSLETTER + ARTICLE
    assert newsclean.Cleaner(boilerplate=False).clean(NEWSLETTER + ARTICLE) == out


def test_disable_a_pack_keeps_its_lines():
    assert "newsletter" in newsclean.clean(NEWSLETTER + ARTICLE, disable=["newsletter"])
    assert "newsletter" not in newsclean.clean(NEWSLETTER + ARTICLE, disable=["cookies"])


def test_enable_an_off_pack_drops_its_lines():
    text = (
        ARTICLE
        + "Published 3 hours ago\n"
        + "A second reading of the plan is expected next month, after a public consultation "
        "on the route and the cost of the works.\n"
    )

    def dropped_by(cleaner):
        return [e["rule"].split(".")[0] for e in cleaner.explain(text) if e["kind"] == "dropped"]

    assert dropped_by(newsclean.Cleaner(enable=["bylines"])) == ["bylines"]
    assert dropped_by(newsclean.Cleaner()) == []
    assert "hours ago" in newsclean.clean(text)
    assert "hours ago" not in newsclean.clean(text, enable=["bylines"])


def test_a_user_pack_from_a_path_adds_its_rules(tmp_path):
    pack = tmp_path / "mysite.toml"
    pack.write_text(PACK, encoding="utf-8")
    text = "Visit our partner shop\n" + ARTICLE
    assert "partner shop" in newsclean.clean(text)
    assert newsclean.clean(text, rules=[pack]) == ARTICLE
    assert newsclean.Cleaner(rules=[str(pack)]).clean(text) == ARTICLE
    assert "partner shop" in newsclean.clean(text, rules=[pack], disable=["mysite.promo"])


def test_clean_keeps_a_cleaner_per_option_set():
    """Switching between option sets never mixes them up (the cache is keyed by all of them)."""
    text = NEWSLETTER + MOJIBAKE + ARTICLE
    want = {
        (r, b): newsclean.Cleaner(repair=r, boilerplate=b).clean(text)
        for r in (True, False)
        for b in (True, False)
    }
    assert len(set(want.values())) == 4
    for _ in range(3):
        for (r, b), out in want.items():
            assert newsclean.clean(text, repair=r, boilerplate=b) == out


def test_options_are_checked():
    with pytest.raises(TypeError):
        newsclean.clean(ARTICLE, colour="red")
    with pytest.raises(TypeError):
        newsclean.Cleaner(disable="social")  # a string is not a list of ids
    with pytest.raises(TypeError):
        newsclean.clean(ARTICLE.encode())  # bytes go through Cleaner.clean_bytes
    with pytest.raises(TypeError):
        newsclean.clean(ARTICLE, True)  # options are keywords


def test_a_cleaner_pickles_as_its_options(tmp_path):
    pack = tmp_path / "mysite.toml"
    pack.write_text(PACK, encoding="utf-8")
    cleaner = newsclean.Cleaner(
        repair=False,
        rules=[pack],
        disable=["newsletter"],
        enable=["bylines"],
        input="text",
        headline=False,
    )
    copy = pickle.loads(pickle.dumps(cleaner))
    assert repr(copy) == repr(cleaner)
    text = "Visit our partner shop\nBy Jane Smith\n" + NEWSLETTER + MOJIBAKE + ARTICLE
    assert copy.clean(text) == cleaner.clean(text)
    assert repr(cleaner) == (
        f"Cleaner(repair=False, boilerplate=True, rules=[{str(pack)!r}], "
        "disable=['newsletter'], enable=['bylines'], input='text', headline=False)"
    )
