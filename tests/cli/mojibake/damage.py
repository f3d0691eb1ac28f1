#!/usr/bin/env python3
"""Builds a mojibake evaluation set from clean texts written for rill.

Usage: damage.py CLEAN.txt LEGIT.txt > SET.tsv

Each clean text (LANG<TAB>TEXT) is encoded as UTF-8 and decoded again
through code pages, as software that guessed the wrong encoding does:
Windows-1252 (undefined bytes read as C1 controls, as browsers do),
Latin-1, Windows-1250, Windows-1251, MacRoman, code page 437,
Windows-1252 twice, Windows-1252 with its no-break spaces turned into
spaces, and Windows-1252 with the bytes it lacks dropped.  Some texts are
damaged in part only (a clean sentence beside a damaged one).  Each
legitimate text (LANG<TAB>TEXT) stands for itself.

Output: KIND<TAB>DAMAGE<TAB>INTENDED<TAB>OBSERVED, KIND damaged or legit.
"""
import sys

CODECS = {
    "windows-1252": "cp1252", "latin-1": "latin-1", "windows-1250": "cp1250",
"windows-1251": "cp1251", "macroman": "mac_roman",
    "cp437": "cp437",
}


def misread(text, page, lost=False):
    """UTF-8 bytes of text decoded as code page `page`."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode(CODECS[page]))
        except UnicodeDecodeError:
            if not lost:
                out.append(chr(b))      # undefined byte: its C1 control
    return "".join(out)


def rotation(lang):
    if lang in ("ru", "uk", "bg", "sr"):
        return ["windows-1251", "windows-1252", "cp437", "macroman"]
    if lang in ("pl", "cs", "sk", "hu", "sl", "hr", "ro"):
        return ["windows-1250", "windows-1252", "macroman", "cp437"]
    return ["windows-1252", "macroman", "cp437", "latin-1", "windows-1250", "windows-1251"]


def cases(clean):
    n = 0
    for lang, text in clean:
        pages = rotation(lang)
        chosen = [pages[0], pages[1 + n % (len(pages) - 1)]]
        if n % 2 == 0:
            chosen.append(pages[1 + (n + 1) % (len(pages) - 1)])
        for page in chosen:
            yield page, text, misread(text, page)
        if n % 4 == 0:
            yield "windows-1252 twice", text, misread(misread(text, "windows-1252"), "windows-1252")
        if n % 5 == 1 and "\u00e0" in text or "\u00a0" in misread(text, "windows-1252") and n % 3 == 0:
            yield "windows-1252, no-break spaces lost", text, misread(text, "windows-1252").replace("\u00a0", " ")
        if n % 6 == 2 and any(b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for b in text.encode("utf-8")):
            yield "windows-1252, undefined bytes lost", text, misread(text, "windows-1252", lost=True)
        n += 1
    # Part of a record damaged: a clean sentence, then a damaged one.
    for k in range(0, len(clean) - 1, 5):
        a, b = clean[k][1], clean[k + 1][1]
        page = rotation(clean[k + 1][0])[0]
        yield page + ", in part", a + " " + b, a + " " + misread(b, page)


def read(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        lang, text = line.split("\t", 1)
        rows.append((lang, text))
    return rows


def main():
    clean, legit = read(sys.argv[1]), read(sys.argv[2])
    seen = set()
    for damage, intended, observed in cases(clean):
        if observed == intended or observed in seen:
            continue
        seen.add(observed)
        print("damaged\t%s\t%s\t%s" % (damage, intended, observed))
    for lang, text in legit:
        print("legit\t%s\t%s\t%s" % (lang, text, text))


main()
