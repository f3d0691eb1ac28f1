#!/usr/bin/env python3
"""The WARC inputs of make bench, from the generated article corpus (TSV):

  gen-warc.py CORPUS.tsv OUT.warc OUT-members.warc.gz

one small response record per article (its title in a short HTML page, a
few hundred bytes: the shape that measures records a second), written
plain, and again with a gzip member per record as Common Crawl writes them.
"""
import gzip
import sys

corpus, plain, members = sys.argv[1:4]
CRLF = b"\r\n"
with open(corpus, "rb") as src, open(plain, "wb") as out, open(members, "wb") as gz:
    for n, line in enumerate(src):
        f = line.rstrip(b"\n").split(b"\t")
        if len(f) < 5:
            continue
        body = b"<html><head><title>" + f[3] + b"</title></head><body><p>" + f[3] + b"</p></body></html>"
        block = (b"HTTP/1.1 200 OK" + CRLF + b"Content-Type: text/html; charset=utf-8" + CRLF +
                 b"Content-Length: %d" % len(body) + CRLF + CRLF + body)
        head = (b"WARC/1.1" + CRLF + b"WARC-Type: response" + CRLF +
                b"WARC-Record-ID: <urn:uuid:%08d-0000-4000-8000-000000000000>" % n + CRLF +
                b"WARC-Date: " + f[1] + b"T12:00:00Z" + CRLF +
                b"WARC-Target-URI: https://" + f[2] + b"/article/" + f[0] + CRLF +
                b"Content-Type: application/http; msgtype=response" + CRLF +
                b"Content-Length: %d" % len(block) + CRLF + CRLF)
        record = head + block + CRLF + CRLF
        out.write(record)
        gz.write(gzip.compress(record, 6, mtime=0))
