#!/usr/bin/env python3
"""Generates common/unicode/break_tables.c from Debian's unicode-data files.

utf8proc has the grapheme-break property but not the UAX #29 word- and
sentence-break properties, nor the normalization quick-check ones, so rill
carries them as a two-stage table: stage1[cp >> 7] picks a block of 128
entries in stage2, and identical blocks are stored once.  Each entry is 16
bits: bits 0-4 the Word_Break value, bit 5 Extended_Pictographic, bits
8-11 the Sentence_Break value, bit 12 NFC_Quick_Check is not Yes, bit 13
NFKC_Quick_Check is not Yes, bit 14 Changes_When_Casefolded, bit 6 a
canonical combining class other than 0, bit 15 a character keys fold (a
space separator, general category Zs, other than U+0020, or a
Default_Ignorable_Code_Point).  A second
two-stage table of bytes holds the Script property (Scripts.txt), an index
into script_names, for rill-tag's script detector.

Run by `make tables`; the output is committed, with the Unicode version it
came from, so building rill needs neither Python nor unicode-data.
"""
import re
import sys

UCD = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
OUT = sys.argv[2] if len(sys.argv) > 2 else "common/unicode/break_tables.c"

WORD = ["Other", "CR", "LF", "Newline", "Extend", "ZWJ", "Regional_Indicator", "Format",
        "Katakana", "Hebrew_Letter", "ALetter", "Single_Quote", "Double_Quote", "MidNumLet",
        "MidLetter", "MidNum", "Numeric", "ExtendNumLet", "WSegSpace"]
SENTENCE = ["Other", "CR", "LF", "Extend", "Sep", "Format", "Sp", "Lower", "Upper", "OLetter",
            "Numeric", "ATerm", "SContinue", "STerm", "Close"]
BLOCK = 128
MAXCP = 0x110000


def read_property(path, names, prop=None, values_wanted=None):
    values = [0] * MAXCP
    version = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if version is None:
                m = re.match(r"#\s*\S+-(\d+\.\d+\.\d+)\.txt", line)
                if m:
                    version = m.group(1)
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [x.strip() for x in line.split(";")]
            if prop is not None and fields[1] != prop:
                continue
            if values_wanted is not None and (len(fields) < 3 or fields[2] not in values_wanted):
                continue
            lo, _, hi = fields[0].partition("..")
            lo = int(lo, 16)
            hi = int(hi, 16) if hi else lo
            value = 1 if prop is not None else names.index(fields[1])
            for cp in range(lo, hi + 1):
                values[cp] = value
    return values, version


def two_stage(entries):
    blocks, index, stage1 = [], {}, []
    for start in range(0, MAXCP, BLOCK):
        block = tuple(entries[start:start + BLOCK])
        if block not in index:
            index[block] = len(blocks)
            blocks.append(block)
        stage1.append(index[block])
    return stage1, blocks


def emit_array(out, ctype, name, values):
    out.append(f"const {ctype} {name}[{len(values)}] = {{")
    for i in range(0, len(values), 16):
        out.append("\t" + ", ".join(str(x) for x in values[i:i + 16]) + ",")
    out.append("};\n")


def read_scripts(path):
    names = ["Unknown"]
    values = [0] * MAXCP
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            rng, name = [x.strip() for x in line.split(";")]
            if name not in names:
                names.append(name)
            lo, _, hi = rng.partition("..")
            lo = int(lo, 16)
            hi = int(hi, 16) if hi else lo
            for cp in range(lo, hi + 1):
                values[cp] = names.index(name)
    if names[:3] != ["Unknown", "Common", "Latin"]:
        sys.exit(f"break_tables.h expects Unknown, Common, Latin first, not {names[:3]}")
    if len(names) > 255:
        sys.exit("too many scripts for a byte table")
    return names, values


def main():
    wb, version = read_property(f"{UCD}/auxiliary/WordBreakProperty.txt", WORD)
    sb, sversion = read_property(f"{UCD}/auxiliary/SentenceBreakProperty.txt", SENTENCE)
    ep, eversion = read_property(f"{UCD}/emoji/emoji-data.txt", None, "Extended_Pictographic")
    if not (version == sversion):
        sys.exit(f"version mismatch: {version} {sversion} {eversion}")
    nfc, _ = read_property(f"{UCD}/DerivedNormalizationProps.txt", None, "NFC_QC", ("N", "M"))
    nfkc, _ = read_property(f"{UCD}/DerivedNormalizationProps.txt", None, "NFKC_QC", ("N", "M"))
    cwcf, _ = read_property(f"{UCD}/DerivedCoreProperties.txt", None, "Changes_When_Casefolded")
    ignorable, _ = read_property(f"{UCD}/DerivedCoreProperties.txt", None,
                                 "Default_Ignorable_Code_Point")
    folds = ignorable[:]
    with open(f"{UCD}/extracted/DerivedGeneralCategory.txt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            rng, value = [x.strip() for x in line.split(";")]
            if value == "Zs":
                lo, _, hi = rng.partition("..")
                for cp in range(int(lo, 16), (int(hi, 16) if hi else int(lo, 16)) + 1):
                    folds[cp] = cp != 0x20
    ccc = [0] * MAXCP
    with open(f"{UCD}/extracted/DerivedCombiningClass.txt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            rng, value = [x.strip() for x in line.split(";")]
            if value != "0":
                lo, _, hi = rng.partition("..")
                for cp in range(int(lo, 16), (int(hi, 16) if hi else int(lo, 16)) + 1):
                    ccc[cp] = 1
    entries = [wb[cp] | (ep[cp] << 5) | (sb[cp] << 8) | (nfc[cp] << 12) | (nfkc[cp] << 13) |
               (cwcf[cp] << 14) | (ccc[cp] << 6) | (folds[cp] << 15) for cp in range(MAXCP)]
    stage1, blocks = two_stage(entries)
    script_names, scripts = read_scripts(f"{UCD}/Scripts.txt")
    sstage1, sblocks = two_stage(scripts)
    out = []
    out.append("/*\n * Generated by tools/gen-break-tables.py from the Unicode Character")
    out.append(f" * Database {version} (WordBreakProperty.txt, SentenceBreakProperty.txt,")
    out.append(" * emoji-data.txt, DerivedNormalizationProps.txt, DerivedCoreProperties.txt,")
    out.append(" * Scripts.txt, extracted/DerivedCombiningClass.txt,")
    out.append(" * extracted/DerivedGeneralCategory.txt).")
    out.append(" * Do not edit: run `make tables`.\n */")
    out.append('#include "break_tables.h"\n')
    out.append(f'const char break_tables_unicode_version[] = "{version}";\n')
    emit_array(out, "uint16_t", "break_stage1", stage1)
    emit_array(out, "uint16_t", "break_stage2", [x for b in blocks for x in b])
    out.append(f"const char *const script_names[{len(script_names)}] = {{")
    for name in script_names:
        out.append(f'\t"{name}",')
    out.append("};\n")
    out.append(f"const unsigned script_count = {len(script_names)};\n")
    emit_array(out, "uint16_t", "script_stage1", sstage1)
    emit_array(out, "uint8_t", "script_stage2", [x for b in sblocks for x in b])
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")
    print(f"{OUT}: Unicode {version}, {len(blocks)} + {len(sblocks)} blocks of {BLOCK}, "
          f"{len(script_names)} scripts")


main()
