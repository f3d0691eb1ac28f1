#!/usr/bin/env python3
"""Writes pages.warc.gz, a news crawl in miniature, into the directory given.

A gzip member per record, as crawlers write them.  The responses are news
pages built the way sites build them (a menu, a cookie notice, the article,
a rail of related stories, comments, a footer), in the charsets archives
hold them in: declared by the HTTP Content-Type, by <meta> alone, or
nowhere (UTF-8 bytes; windows-1252 bytes with no Content-Type at all, which
only their first bytes say are HTML).  One article is syndicated: the
same story under another site's chrome, in another charset.  Beside them,
what a crawl also holds: a robots.txt, a JSON API answer, an image, and a
WET conversion record of plain text.  Every word is written here.
"""
import gzip
import os
import sys

out = sys.argv[1]
CRLF = b"\r\n"
num = [0]


def record(kind, uri, block, extra=()):
    num[0] += 1
    head = [b"WARC/1.1",
            b"WARC-Type: " + kind,
            b"WARC-Record-ID: <urn:uuid:22222222-0000-0000-0000-%012d>" % num[0],
            b"WARC-Date: 2024-05-%02dT08:00:00Z" % num[0],
            b"WARC-Target-URI: " + uri.encode()]
    head += list(extra)
    head.append(b"Content-Length: %d" % len(block))
    return CRLF.join(head) + CRLF + CRLF + block + CRLF + CRLF


def response(uri, headers, body):
    lines = [b"HTTP/1.1 200 OK"] + [k.encode() + b": " + v.encode() for k, v in headers]
    block = CRLF.join(lines) + CRLF + CRLF + body
    return record(b"response", uri, block, [b"Content-Type: application/http; msgtype=response"])


FERRY = [
    "Ferry terminal at Kessock wins approval",
    "The Kessock Harbour Trust approved a new ferry terminal on Tuesday, ending "
    "a dispute that had split the town’s council for three years.",
    "The terminal, to be built by Dunmore Civil Works, will replace the slipway "
    "used since 1962. Northline Ferries said it would add a second crossing "
    "each hour once the berth opens in the spring of 2026.",
    "“We have waited long enough,” said Morag Ellison, who chairs the trust. "
    "“Café owners on the pier have told us every summer that the queues drive "
    "visitors away.”",
    "Objectors, led by the Kessock Shore Society, argued that the larger berth "
    "would silt the bay. The trust’s engineers answered that dredging would be "
    "paid for by a levy of €1.20 on each vehicle ticket.",
    "Work is due to start in September — weather permitting.",
]

MARKET = [
    "Fish market moves indoors after storm damage",
    "Traders at the Kessock fish market will sell from the old grain store "
    "from Monday, after the storm in March tore the roof from their hall.",
    "The Harbour Trust has leased the store for two years. Stallholders said "
    "the rent, set at half the old rate, would keep most of them in business, "
    "though three have already left for Inverbay.",
]

POLISH = [
    "Nowy most w Żółkiewce otwarty",
    "Po dwóch latach budowy mieszkańcy Żółkiewki mogą wreszcie przejść przez "
    "rzekę suchą stopą. Most kosztował gminę czternaście milionów złotych.",
    "Wójt podziękował wykonawcy, firmie Mostostal Łęczna, za dotrzymanie "
    "terminu. Pierwszy autobus przejechał przez przeprawę w środę o świcie.",
]


def gazette(story, charset_meta=""):
    """The Kessock Gazette's chrome: a mega-menu, a cookie notice, a rail, comments."""
    title, *paras = story
    menu = "".join('<li><a href="/s/%d">%s</a></li>' % (i, s) for i, s in enumerate(
        ["News", "Politics", "Business", "Sport", "Weather", "Opinion", "Obituaries", "Jobs",
         "Property", "Motors", "What’s on", "Puzzles"]))
    body = "".join("<p>%s</p>" % p for p in paras)
    return ('<!DOCTYPE html><html lang="en"><head>%s<title>%s | Kessock Gazette</title>'
            '<script>window.dataLayer=[{"page":"article"}];</script>'
            '<style>.nav{display:flex}</style></head><body>'
            '<div class="cookie-banner">We use cookies to improve your experience. '
            '<button>Accept all</button></div>'
            '<header class="site-header"><a href="/">Kessock Gazette</a>'
            '<nav class="mega-menu"><ul>%s</ul></nav></header>'
            '<main><article class="story"><h1>%s</h1>'
            '<div class="byline">By Iain Rennick, Harbour Reporter</div>'
            '<div class="story-body">%s</div>'
            '<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Email</a></div>'
            '</article>'
            '<aside class="related"><h2>More from the Gazette</h2><ul>'
            '<li><a href="/r/1">Lifeboat crew honoured at Kessock gala</a></li>'
            '<li><a href="/r/2">Council tax to rise by four per cent</a></li>'
            '<li><a href="/r/3">School roof repairs finished early</a></li></ul></aside>'
            '<section class="comments"><h2>Comments</h2>'
            '<div class="comment"><p>About time too, this has gone on for far too long and '
            'everyone in the town knows it.</p></div></section></main>'
            '<footer class="site-footer"><p>© 2024 Kessock Gazette Ltd. All rights reserved.</p>'
            '<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>'
            '</body></html>') % (charset_meta, title, menu, title, body)


def courier(story, charset_meta=""):
    """The Valley Courier's chrome, nothing like the Gazette's: a table layout, a sidebar, a newsletter box."""
    title, *paras = story
    body = "\n".join("<p>%s</p>" % p for p in paras)
    return ('<html><head>%s<title>%s - Valley Courier</title></head><body>'
            '<table width="100%%"><tr><td class="topbar" colspan="2">'
            '<a href="/">Home</a> | <a href="/local">Local</a> | <a href="/farming">Farming</a> | '
            '<a href="/courts">Courts</a> | <a href="/letters">Letters</a> | <a href="/subscribe">Subscribe</a>'
            '</td></tr><tr><td class="sidebar" width="200">'
            '<div class="widget"><h3>Most read</h3><ol>'
            '<li><a href="/m/1">Sheepdog trials draw record crowd to Glenarrow</a></li>'
            '<li><a href="/m/2">Bus timetable changes from June</a></li>'
            '<li><a href="/m/3">Valley choir wins regional prize</a></li></ol></div>'
            '<div class="newsletter"><p>Get the Courier in your inbox every morning.</p>'
            '<form><input type="email"><button>Sign up</button></form></div>'
            '</td><td class="content">'
            '<div class="article"><h2 class="headline">%s</h2>'
            '<p class="dateline">Syndicated from the Kessock Gazette, 14 May 2024</p>'
            '%s</div>'
            '<div class="ad">Advertisement</div>'
            '</td></tr><tr><td colspan="2" class="footer">Valley Courier, 8 Mill Lane, Glenarrow. '
            'Registered as a newspaper. <a href="/contact">Contact us</a></td></tr></table>'
            '</body></html>') % (charset_meta, title, title, body)


pages = []
# Declared by the transport: UTF-8 in the HTTP Content-Type, sent gzip-encoded.
ferry = gazette(FERRY).encode("utf-8")
pages.append(response("https://gazette.example/news/ferry-terminal",
                      [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
                      gzip.compress(ferry, mtime=0)))
# The same story under the Courier's chrome, windows-1252 declared by <meta> alone.
pages.append(response("https://courier.example/local/2024/05/kessock-ferry",
                      [("Content-Type", "text/html")],
                      courier(FERRY, '<meta http-equiv="Content-Type" content="text/html; '
                                     'charset=windows-1252">').encode("cp1252")))
# Another story of the Gazette, UTF-8 declared nowhere.
pages.append(response("https://gazette.example/news/fish-market",
                      [("Content-Type", "text/html")], gazette(MARKET).encode("utf-8")))
# A Polish page in ISO-8859-2, declared by the transport.
pages.append(response("https://gazeta.example/pl/most",
                      [("Content-Type", "text/html; charset=ISO-8859-2")],
                      courier(POLISH).encode("iso-8859-2")))
# No Content-Type at all and not UTF-8: HTML by its first bytes, windows-1252 by default.
market_1252 = courier(MARKET).replace("<html>", "<!DOCTYPE html>\n<html>", 1)
pages.append(response("https://courier.example/local/2024/05/fish-market", [],
                      market_1252.encode("cp1252")))

other = [
    response("https://gazette.example/robots.txt", [("Content-Type", "text/plain")],
             b"User-agent: *\nDisallow: /search\n<p>is not markup here</p>\n"),
    response("https://gazette.example/api/weather", [("Content-Type", "application/json")],
             '{"town": "Kessock", "forecast": "<b>showers</b> by noon"}'.encode()),
    response("https://gazette.example/img/pier.jpg", [("Content-Type", "image/jpeg")],
             b"\xff\xd8\xff\xe0\x00\x10JFIF\x00binary"),
    record(b"conversion", "https://gazette.example/news/lifeboat",
           "Lifeboat crew honoured\nThe Kessock crew received the <b>gold</b> award.\n".encode(),
           [b"Content-Type: text/plain"]),
]

records = pages[:2] + other[:2] + pages[2:4] + other[2:] + pages[4:]
with open(os.path.join(out, "pages.warc.gz"), "wb") as f:
    f.write(b"".join(gzip.compress(r, mtime=0) for r in records))

# The organisations of the stories, for rill-tag -l.
with open(os.path.join(out, "orgs.tsv"), "w", encoding="utf-8") as f:
    for name, tag in [("Kessock Harbour Trust", "org"), ("Harbour Trust", "org"),
                      ("Dunmore Civil Works", "org"), ("Northline Ferries", "org"),
                      ("Kessock Shore Society", "org"), ("Mostostal Łęczna", "org"),
                      ("Kessock Gazette", "media"), ("Valley Courier", "media")]:
        f.write("%s\t%s\n" % (name, tag))
