#!/usr/bin/env python3
"""Writes the evaluation pages from the sources beside it, written for rill.

Usage: build.py SET   (dev or heldout: sources sites_SET.py, articles_SET.py)

A page is the visible text of a web page, one line per block element, as a
browser's text of the page gives it: site chrome (networks, menus, cookie
walls, bylines, share rows, related lists, comments, footers) around an
article.  SET/NAME.txt is the page, SET/NAME.body the article's own lines
(its headline, paragraphs, subheadings, lists and quotes), the truth that
tests/cli/pages/score.sh scores against.

In an article source, '# ' starts the headline, '## ' a subheading, '* '
a list item, '> ' a pull quote: all body.  '! ' starts a line of chrome
inside the article (a caption, a credit, an advertisement, a "Read more"
link); other lines are paragraphs.
"""
import importlib
import os
import sys


def parse(article):
    out = []
    for raw in article.strip("\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        for mark in ("## ", "# ", "* ", "> "):
            if line.startswith(mark):
                out.append((line[len(mark):], True))
                break
        else:
            if line.startswith("! "):
                out.append((line[2:], False))
            else:
                out.append((line, True))
    return out


def main():
    which = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    sites = importlib.import_module("sites_" + which)
    articles = importlib.import_module("articles_" + which)
    outdir = os.path.join(here, which)
    os.makedirs(outdir, exist_ok=True)
    for name, site, meta, text in articles.PAGES:
        lines = parse(text)
        head, foot = getattr(sites, site)(meta)
        page = [(l, False) for l in head] + lines + [(l, False) for l in foot]
        with open(os.path.join(outdir, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l, _ in page))
        with open(os.path.join(outdir, name + ".body"), "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l, body in page if body))


main()
