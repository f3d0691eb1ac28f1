#!/usr/bin/env python3
"""Scores --html against pages whose true text is known.

    score.py [--min-f1=F] [--show] BINARY MODE DIR...

Each DIR holds pages NAME.html and their true text NAME.txt (the article
for --html=main: title, paragraphs, headings, lists, quotes).  BINARY (a
rill tool that reads -F doc and writes TSV, such as rill-cat) extracts
the text of every page with --html=MODE, or MODE "baseline-text" for
--html=text as the all-visible-text baseline.

The measure is the one article-extraction benchmarks use: a text's tokens
are its runs of word characters (Unicode \\w, case kept); its shingles are
its 4-grams of tokens, counted as a multiset; a page's true positives,
false positives and false negatives are the shingles in both, only in the
extraction, only in the truth, divided by their sum so that every page
weighs the same; precision and recall are averaged over pages and F1 is
their harmonic mean.  --min-f1 makes the exit status 1 when F1 is lower;
--show prints each page's figures, worst first.
"""
import collections
import os
import re
import subprocess
import sys

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    tokens = TOKEN.findall(text or "")
    grams = [tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return collections.Counter(g for g in grams if g)


def match(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() & p.keys())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def extract(binary, mode, pages):
    """The text of each page, by one run of the tool over all of them."""
    out = subprocess.run([binary, "-F", "doc", "--html=" + mode, "--to=tsv"] + pages,
                         check=True, capture_output=True).stdout.decode("utf-8")
    texts = {}
    for line in out.split("\n"):
        if not line:
            continue
        name, _, text = line.partition("\t")
        texts[name] = (text.replace("\\n", "\n").replace("\\t", "\t")
                       .replace("\\r", "\r").replace("\\\\", "\\"))
    return [texts.get(p, "") for p in pages]


def main(argv):
    min_f1, show = None, False
    args = []
    for a in argv[1:]:
        if a.startswith("--min-f1="):
            min_f1 = float(a.split("=", 1)[1])
        elif a == "--show":
            show = True
        else:
            args.append(a)
    if len(args) < 3:
        sys.stderr.write(__doc__)
        return 2
    binary, mode, dirs = args[0], args[1], args[2:]
    mode = "text" if mode == "baseline-text" else mode
    pages = sorted(os.path.join(d, f) for d in dirs for f in os.listdir(d) if f.endswith(".html"))
    if not pages:
        sys.stderr.write("score.py: no pages in %s\n" % " ".join(dirs))
        return 2
    texts = extract(binary, mode, pages)
    rows = []
    for page, text in zip(pages, texts):
        with open(page[:-5] + ".txt", encoding="utf-8") as f:
            true = f.read()
        tp, fp, fn = match(true, text)
        rows.append((os.path.basename(page), precision(tp, fp, fn), recall(tp, fp, fn)))
    p = sum(r[1] for r in rows) / len(rows)
    r = sum(r[2] for r in rows) / len(rows)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    if show:
        for name, pp, rr in sorted(rows, key=lambda x: 2 * x[1] * x[2] / (x[1] + x[2] or 1)):
            print("  %-40s P %.3f R %.3f F1 %.3f" % (name, pp, rr, 2 * pp * rr / (pp + rr or 1)))
    print("%d pages, --html=%s: precision %.3f recall %.3f F1 %.3f" % (len(rows), mode, p, r, f1))
    if min_f1 is not None and f1 < min_f1:
        print("F1 %.3f is below %.3f" % (f1, min_f1))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
