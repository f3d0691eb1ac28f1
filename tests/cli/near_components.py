#!/usr/bin/env python3
"""Brute force for rill-dedupe --stage=decide --clusters.

Reads candidate lines (GROUP, RANK, SHINGLES: every member of every group
with its shingle set, as --stage=candidates writes them) and a threshold;
compares every pair of every group whose earlier record is among the
group's first 32 (a bucket takes its first 32 records: rill-dedupe(1),
--near), with no representatives and no shortcut, links those whose
Jaccard similarity reaches the threshold, and prints
the drop lines of the connected components (RANK, ROOT: each record that
is not the first of its component in rank order), as decide --clusters
must, then its last line.
"""
import sys

threshold = float(sys.argv[2])
groups = {}
sets = {}
with open(sys.argv[1], encoding="ascii") as f:
    for line in f:
        group, rank, shingles = line.rstrip("\n").split("\t")
        groups.setdefault(group, []).append(rank)
        sets[rank] = frozenset(shingles.split()) if shingles else frozenset()

parent = {rank: rank for rank in sets}


def root(x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


BUCKET_RECORDS = 32
for members in groups.values():
    members.sort()
    for i, a in enumerate(members[:BUCKET_RECORDS]):
        for b in members[i + 1:]:
            if a[0] == "0" and b[0] == "0":
                continue
            union = len(sets[a] | sets[b])
            similarity = len(sets[a] & sets[b]) / union if union else 1.0
            if similarity >= threshold:
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)

for rank in sorted(sets):
    r = root(rank)
    if r != rank and rank[0] != "0":
        print(f"{rank}\t{r}")
print("# final")
