#!/usr/bin/env python3
"""The generated pages (gen-corpus -f pages: ID, URL, the page with TSV
escapes) as a crawl holds them, for tests/bench/bench_html.sh:

  pages-warc.py PAGES.tsv OUT.warc.gz

a WARC response record per page, HTTP header and all, a gzip member each.
"""
import gzip
import re
import sys

CRLF = b"\r\n"
ESCAPES = {b"n": b"\n", b"t": b"\t", b"r": b"\r", b"\\": b"\\"}


def unescape(field):
    return re.sub(rb"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), field)


with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as out:
    for line in src:
        n, uri, page = line.rstrip(b"\n").split(b"\t")
        block = (b"HTTP/1.1 200 OK" + CRLF + b"Content-Type: text/html; charset=utf-8" + CRLF + CRLF +
                 unescape(page))
        head = (b"WARC/1.1" + CRLF + b"WARC-Type: response" + CRLF + b"WARC-Target-URI: " + uri + CRLF +
                b"WARC-Record-ID: <urn:uuid:%08d-0000-4000-8000-000000000000>" % int(n) + CRLF +
                b"Content-Type: application/http; msgtype=response" + CRLF +
                b"Content-Length: %d" % len(block) + CRLF + CRLF)
        out.write(gzip.compress(head + block + CRLF + CRLF, 6))
