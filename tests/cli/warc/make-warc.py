#!/usr/bin/env python3
"""Writes the WARC files tests/cli/test_warc.sh reads, into the directory given.

Every record is written here, by this script, in the shapes crawlers write:
Common Crawl and CC-NEWS responses (an HTTP message in the block, bodies
chunked, gzip- or deflate-encoded, in a legacy charset), requests, revisits,
metadata, resources, WET conversion records, and the broken files a reader
must refuse (a record cut short, a Content-Length that is wrong).  None of
the text comes from outside the repository.
"""
import gzip
import os
import sys
import zlib

out = sys.argv[1]
CRLF = b"\r\n"


def record(kind, uri, block, extra=(), version=b"WARC/1.0", num=[0]):
    num[0] += 1
    head = [version,
            b"WARC-Type: " + kind,
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>" % num[0],
            b"WARC-Date: 2024-03-%02dT10:00:00Z" % (1 + num[0] % 28)]
    if uri:
        head.append(b"WARC-Target-URI: " + uri)
    head += list(extra)
    head.append(b"Content-Length: %d" % len(block))
    return CRLF.join(head) + CRLF + CRLF + block + CRLF + CRLF


def http(status, headers, body):
    lines = [b"HTTP/1.1 " + status] + [k + b": " + v for k, v in headers]
    return CRLF.join(lines) + CRLF + CRLF + body


def chunked(body, size=7):
    parts = []
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        parts.append(b"%x;ext=1" % len(piece) + CRLF + piece + CRLF)
    return b"".join(parts) + b"0" + CRLF + b"X-Trailer: t" + CRLF + CRLF


def page(title, text, head=b""):
    return (b"<!doctype html><html><head>" + head + b"<title>" + title + b"</title></head>"
            b"<body><h1>" + title + b"</h1><p>" + text + b"</p></body></html>")


HTML = (b"Content-Type", b"text/html; charset=utf-8")
APP_HTTP = b"Content-Type: application/http; msgtype=response"

utf8_page = page(b"Bridge closed", "The council closed the bridge on Monday. Café owners objected.".encode())
cp1251_page = page("Мост закрыт".encode("cp1251"),
                   "Совет закрыл мост в понедельник.".encode("cp1251"))
latin1_page = page("Fête du village".encode("latin-1"), "Les élus ont voté.".encode("latin-1"),
                   head=b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
undeclared = "Une phrase déclarée nulle part.".encode("latin-1")
gz = gzip.compress(utf8_page.replace(b"Bridge closed", b"Gzip bridge"), mtime=0)
deflated = zlib.compress(page(b"Deflated", b"A body sent with Content-Encoding: deflate."))
raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
raw = raw_deflate.compress(page(b"Raw deflate", b"Some servers send raw deflate.")) + raw_deflate.flush()

warcinfo = record(b"warcinfo", None, b"software: rill tests" + CRLF + b"format: WARC File Format 1.0" + CRLF,
                  [b"Content-Type: application/warc-fields"])
records = [
    warcinfo,
    record(b"request", b"https://news.example/a/1",
           b"GET /a/1 HTTP/1.1" + CRLF + b"Host: news.example" + CRLF + b"User-Agent: rill-test" + CRLF + CRLF,
           [b"Content-Type: application/http; msgtype=request"]),
    record(b"response", b"https://news.example/a/1",
           http(b"200 OK", [HTML, (b"Server", b"test")], utf8_page), [APP_HTTP]),
    record(b"response", b"https://news.example/a/2",
           http(b"200 OK", [HTML, (b"Transfer-Encoding", b"chunked"), (b"Content-Encoding", b"gzip")],
                chunked(gz, 50)), [APP_HTTP], version=b"WARC/1.1"),
    record(b"response", b"https://news.example/ru/3",
           http(b"200 OK", [(b"Content-Type", b"text/html; charset=windows-1251")], cp1251_page), [APP_HTTP]),
    record(b"response", b"https://news.example/fr/4",
           http(b"200 OK", [(b"Content-Type", b"text/html")], latin1_page), [APP_HTTP]),
    record(b"response", b"https://news.example/img.png",
           http(b"200 OK", [(b"Content-Type", b"image/png")], b"\x89PNG\r\n\x1a\n\x00\x00binary"), [APP_HTTP]),
    record(b"response", b"https://news.example/d/5",
           http(b"200 OK", [HTML, (b"Content-Encoding", b"deflate")], deflated), [APP_HTTP]),
    record(b"response", b"https://news.example/d/6",
           http(b"200 OK", [HTML, (b"Content-Encoding", b"deflate")], raw), [APP_HTTP]),
    record(b"response", b"https://news.example/missing",
           http(b"404 Not Found", [(b"Content-Type", b"text/plain"),
                                  (b"X-Folded", b"first part" + CRLF + b"\tsecond part")],
                b"no such page"), [APP_HTTP]),
    record(b"response", b"https://news.example/u/7",
           http(b"200 OK", [(b"Content-Type", b"text/plain")], undeclared), [APP_HTTP]),
    record(b"revisit", b"https://news.example/a/1",
           http(b"200 OK", [HTML], b""), [APP_HTTP, b"WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"]),
    record(b"metadata", b"https://news.example/a/1", b"fetchTimeMs: 12" + CRLF,
           [b"Content-Type: application/warc-fields"]),
    record(b"resource", b"file:///notes.txt", "Plain notes, stored as a resource.\nSecond line.".encode(),
           [b"Content-Type: text/plain; charset=utf-8"]),
    record(b"response", b"https://news.example/a/1",
           http(b"200 OK", [HTML, (b"Server", b"test")], utf8_page), [APP_HTTP]),
]


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


write("news.warc", b"".join(records))
write("news-members.warc.gz", b"".join(gzip.compress(r, mtime=0) for r in records))
write("news-whole.warc.gz", gzip.compress(b"".join(records), mtime=0))
# zstd, a frame per record (the zstd command line: Python has no zstd module).
import subprocess
write("news.warc.zst", b"".join(subprocess.run(["zstd", "-q", "-c"], input=r, stdout=subprocess.PIPE,
                                               check=True).stdout for r in records))

wet = [warcinfo] + [
    record(b"conversion", b"https://news.example/%s" % p, text.encode(),
           [b"WARC-Refers-To: <urn:uuid:00000000-0000-0000-0000-000000000003>", b"Content-Type: text/plain"])
    for p, text in [(b"a/1", "The council closed the bridge on Monday. Café owners objected.\nTraffic goes round."),
                    (b"b/2", "Markets open at nine. Prices rose.\nThe mayor spoke."),
                    (b"a/1-copy", "The council closed the bridge on Monday. Café owners objected.\nTraffic goes round.")]]
write("cc.wet", b"".join(wet))

# Broken files: the last record cut short, a Content-Length that is too small, one too large.
good = b"".join(records[:3])
write("truncated.warc", good + records[3][:len(records[3]) - 40])
bad = record(b"resource", b"file:///x", b"0123456789", [b"Content-Type: text/plain"])
write("short-length.warc", good + bad.replace(b"Content-Length: 10", b"Content-Length: 8"))
write("long-length.warc", good + bad.replace(b"Content-Length: 10", b"Content-Length: 12") + records[2])
write("not.warc", b"HTTP/1.1 200 OK\r\n\r\nhello\r\n")

# A record larger than any block the reader takes (3 MB of text in one response).
big_text = b" ".join(b"word%d" % i for i in range(400000))
write("big.warc", records[0] + record(b"response", b"https://news.example/big",
                                       http(b"200 OK", [(b"Content-Type", b"text/plain")], big_text),
                                       [APP_HTTP]) + records[2])
