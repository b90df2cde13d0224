"""The stylesheet parses: one unclosed `@media {` silently moves every rule after it into that media query (it
happened when two sections were merged), which no page test notices on a desktop."""

from pathlib import Path

from django.contrib.staticfiles import finders


def blocks_closed(css: str) -> list[str]:
    """What is wrong with the braces of `css`, outside comments and strings: a `}` with nothing open, or blocks left
    open at the end."""
    problems, depth, line = [], 0, 1
    i = 0
    while i < len(css):
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            line += css.count("\n", i, end)
            i = end + 2
            continue
        char = css[i]
        if char in "\"'":
            end = css.find(char, i + 1)
            i = end + 1
            continue
        if char == "\n":
            line += 1
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                problems.append(f"line {line}: '}}' closes nothing")
                depth = 0
        i += 1
    if depth:
        problems.append(f"{depth} block(s) left open at the end")
    return problems


def test_every_block_of_the_site_stylesheet_is_closed():
    css = Path(finders.find("www/site.css")).read_text(encoding="utf-8")
    assert blocks_closed(css) == []


def test_the_check_finds_an_unclosed_media_query():
    assert blocks_closed("@media (max-width: 640px) {\n  a { color: red; }\n.b { c: d; }") == [
        "1 block(s) left open at the end"
    ]
    assert blocks_closed("/* { */ a { b: '}'; } }") == ["line 1: '}' closes nothing"]
