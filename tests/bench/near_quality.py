#!/usr/bin/env python3
"""Precision and recall of rill-dedupe --near against brute-force Jaccard.

Reads a TSV corpus (text in field 5) and rill-dedupe's --mark output for
it; computes exact Jaccard similarity of 5-word shingle sets (words: runs
of letters and digits, case-folded, as --near -i --strip-punct sees them
closely enough) for every pair of the first N records, and reports:
precision: records marked as near duplicates whose similarity to their
group's first record is >= T; recall: records with an earlier record at
>= T that rill-dedupe marked as duplicates.
"""
import re
import sys

corpus, marks, limit, threshold = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")


def unescape(field):
    return field.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def shingles(text, n=5):
    words = [w.casefold() for w in WORD.findall(text)]
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


texts = []
with open(corpus, encoding="utf-8") as f:
    for line in f:
        texts.append(unescape(line.rstrip("\n").split("\t")[4]))
        if len(texts) == limit:
            break
groups = []
with open(marks, encoding="utf-8") as f:
    for line in f:
        groups.append(int(line.rstrip("\n").split("\t")[5]))
        if len(groups) == limit:
            break
sets = [shingles(t) for t in texts]


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


marked = [i for i in range(len(groups)) if groups[i] != i + 1]
true_marked = sum(1 for i in marked if jaccard(sets[i], sets[groups[i] - 1]) >= threshold - 1e-9)
should = [j for j in range(len(sets))
          if any(jaccard(sets[i], sets[j]) >= threshold for i in range(j))]
found = sum(1 for j in should if groups[j] != j + 1)
precision = true_marked / len(marked) if marked else 1.0
recall = found / len(should) if should else 1.0
print(f"  {len(texts)} records, {len(marked)} marked near duplicates, {len(should)} by brute force")
print(f"  precision {precision:.3f} (target >= 0.99), recall {recall:.3f} (target >= 0.95)")
