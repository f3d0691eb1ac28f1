#!/usr/bin/env python3
"""Scores rill-tag's boilerplate detector on whole pages.

Usage: score.py RILL_TAG DIR [--errors] [--keep-all]

Each DIR/NAME.txt is a page (one line per block element), DIR/NAME.body
its article.  The page goes through `rill-tag -F doc -t boilerplate
--spans`; the lines not tagged are what the detector keeps.  Kept text
and article are compared as multisets of word 4-grams (words: runs of
letters and digits, lower-cased), the usual shingle F1 of boilerplate
removal, and F1 is averaged over pages.  --keep-all scores keeping every
line instead (the baseline); --errors lists, per page, the lines wrongly
dropped (-) and wrongly kept (+).
"""
import collections
import os
import re
import subprocess
import sys

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text):
    words = [w.lower() for w in WORD.findall(text)]
    return collections.Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))


def prf(kept, body):
    k, b = shingles(kept), shingles(body)
    common = sum((k & b).values())
    p = common / sum(k.values()) if k else (1.0 if not b else 0.0)
    r = common / sum(b.values()) if b else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def dropped_lines(tag, path):
    """Byte ranges of the page the detector tags."""
    out = subprocess.run([tag, "-F", "doc", "-t", "boilerplate", "--spans", path],
                         capture_output=True, check=True).stdout
    spans = []
    for line in out.split(b"\n"):
        if not line:
            continue
        parts = line.split(b"\t")
        spans.append((int(parts[1]), int(parts[2])))
    return spans


def main():
    tag, d = sys.argv[1], sys.argv[2]
    errors = "--errors" in sys.argv
    keep_all = "--keep-all" in sys.argv
    names = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".txt"))
    total = [0.0, 0.0, 0.0]
    for name in names:
        raw = open(os.path.join(d, name + ".txt"), "rb").read()
        body = open(os.path.join(d, name + ".body"), encoding="utf-8").read()
        spans = [] if keep_all else dropped_lines(tag, os.path.join(d, name + ".txt"))
        kept, pos = [], 0
        body_lines = collections.Counter(body.split("\n"))
        for line in raw.split(b"\n"):
            end = pos + len(line)
            drop = any(s < end and e > pos for s, e in spans)
            text = line.decode("utf-8")
            if not drop:
                kept.append(text)
            if errors and text:
                in_body = body_lines[text] > 0
                if drop and in_body:
                    print("  - %s: %s" % (name, text[:100]), file=sys.stderr)
                elif not drop and not in_body:
                    print("  + %s: %s" % (name, text[:100]), file=sys.stderr)
            pos = end + 1
        p, r, f = prf("\n".join(kept), body)
        if errors:
            print("%-28s P %.3f R %.3f F1 %.3f" % (name, p, r, f), file=sys.stderr)
        total[0] += p
        total[1] += r
        total[2] += f
    n = len(names)
    print("pages %d precision %.3f recall %.3f F1 %.3f" % (n, total[0] / n, total[1] / n, total[2] / n))


main()
