/*
 * Unit tests of common/html: a page's text as a browser shows it, the
 * skim that removes what holds no text (checked against a parse of the
 * whole page), and hostile pages.
 */
#include "../../common/html.h"
#include "../../common/html/internal.h"
#include "../../common/utf8.h"
#include "check.h"

#include <gumbo.h>
#include <time.h>

static struct html *h;
static struct buf out = BUF_INIT;

static const char *text_of(const char *page)
{
	html_to_text(h, HTML_TEXT, page, strlen(page), NULL, &out);
	return out.data ? out.data : "";
}

static void entities_and_white_space(void)
{
	CHECK_STR(text_of("<p>Fish &amp; chips &lt;b&gt; &copy2023 &#x41;&#66; &#151; &notit;</p>"),
		  "Fish & chips <b> ©2023 AB — ¬it;");
	CHECK_STR(text_of("<p>a&nbsp;b</p>"), "a\xC2\xA0" "b");
	CHECK_STR(text_of("<p>  one \n\t two  <b> three </b>four</p>"), "one two three four");
	CHECK_STR(text_of("<p>&#0;x&#x110000;</p>"), "\xEF\xBF\xBDx\xEF\xBF\xBD");
	CHECK_STR(text_of(""), "");
	CHECK_STR(text_of("   \n  "), "");
	CHECK_STR(text_of("<p>&nbsp;</p><p>&nbsp; </p>"), "");
}

static void blocks(void)
{
	CHECK_STR(text_of("<p>one</p><p>two</p><div>three</div><div>four</div><ul><li>a<li>b</ul>"
			  "<h2>five</h2>six"),
		  "one\n\ntwo\n\nthree\nfour\n\na\nb\n\nfive\n\nsix");
	CHECK_STR(text_of("a<br>b<br><br>c<br><br><br>d"), "a\nb\n\nc\n\nd");
	CHECK_STR(text_of("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
		  "a b\nc");
	CHECK_STR(text_of("<pre>  x = 1;\n    y\n\n</pre>after"), "  x = 1;\n    y\n\nafter");
	/* Spaces at the end of a <pre> line are not text (fuzz_html: the text ended in one). */
	CHECK_STR(text_of("<p>x</p><pre>a  b   \n  c <b>d</b>  \n</pre>"), "x\n\na  b\n  c d");
	CHECK_STR(text_of("<pre>last   </pre>"), "last");
	CHECK_STR(text_of("<blockquote>quoted</blockquote><span>in</span><span>line</span>"),
		  "quoted\n\ninline");
	CHECK_STR(text_of("x<hr>y"), "x\n\ny");
	CHECK_STR(text_of("<my-card>custom</my-card><my-card>blocks</my-card>"), "custom\nblocks");
}

static void parsed_as_browsers_parse(void)
{
	/* Stray text in a table is moved before it; misnested tags are mended. */
	CHECK_STR(text_of("<table><tr><td>cell</td>stray</tr></table>"), "stray\n\ncell");
	CHECK_STR(text_of("<p>one<p>two<div>three</p>four</div>"), "one\n\ntwo\n\nthree\n\nfour");
	CHECK_STR(text_of("<b>bold<i>both</b>italic</i>"), "boldbothitalic");
	/* The title is RCDATA: markup in it is text, and it is not the body's. */
	CHECK_STR(text_of("<title>T <b>x</b></title><p>body"), "body");
	CHECK_STR(text_of("<p>a</p></body></html><p>after the end"), "a\n\nafter the end");
}

static void nothing_a_reader_sees(void)
{
	CHECK_STR(text_of("<head><title>t</title><style>p{}</style></head>"
			  "<script>var a = '<p>no</p>';</script><noscript>enable scripts</noscript>"
			  "<template><p>tmpl</p></template><select><option>opt</select>"
			  "<textarea>typed</textarea><iframe>frame</iframe><svg><text>svg</text></svg>"
			  "<object>obj</object><video>vid</video><button>Press</button><p>kept</p>"),
		  "Press\n\nkept");
	CHECK_STR(text_of("<p hidden>a</p><p aria-hidden=\"true\">b</p><p style=\"DISPLAY : None\">c</p>"
			  "<p style=\"visibility:hidden\">d</p><p aria-hidden=false>e</p>"
			  "<p style=\"color:red\">f</p><dialog>g</dialog><dialog open>h</dialog>"),
		  "e\n\nf\n\nh");
	/* noscript is what browsers, which run scripts, make of it: raw text, not shown. */
	CHECK_STR(text_of("<p>a<noscript><p>no</p></noscript>b</p>"), "ab");
}

static void charsets(void)
{
	const char cp1251[] = "<meta charset=\"windows-1251\"><p>\xCF\xF0\xE8\xE2\xE5\xF2</p>";
	html_to_text(h, HTML_TEXT, cp1251, sizeof cp1251 - 1, NULL, &out);
	CHECK_STR(out.data, "Привет");
	const char latin[] = "<p>caf\xE9 \x93quoted\x94</p>";
	html_to_text(h, HTML_TEXT, latin, sizeof latin - 1, NULL, &out);
	CHECK_STR(out.data, "café “quoted”");
	const char koi[] = "<p>\xF0\xD2\xC9\xD7\xC5\xD4</p>";
	html_to_text(h, HTML_TEXT, koi, sizeof koi - 1, "text/html; charset=koi8-r", &out);
	CHECK_STR(out.data, "Привет");
	/* UTF-16 with a byte order mark */
	const char u16[] = "\xFF\xFE<\0p\0>\0h\0i\0";
	html_to_text(h, HTML_TEXT, u16, sizeof u16 - 1, NULL, &out);
	CHECK_STR(out.data, "hi");
	/* NUL bytes and bad bytes never reach the text. */
	const char nul[] = "<p>a\0b\xFF</p>";
	html_to_text(h, HTML_TEXT, nul, sizeof nul - 1, "text/html; charset=utf-8", &out);
	CHECK(!memchr(out.data, '\0', out.len) && utf8_valid(out.data, out.len));
}

/* ---- the skim keeps the text ---------------------------------------------- */

static struct htree tree;
static struct html_runs runs;

/* The blocks of a page, its markers (if any) read from `r`. */
static void tree_text(const char *p, size_t n, const struct html_runs *r, struct buf *b)
{
	GumboOptions o = kGumboDefaultOptions;
	o.max_errors = 0;
	GumboOutput *doc = gumbo_parse_with_options(&o, p, n);
	tree.classify = false;
	htree_build(&tree, doc->document, r);
	gumbo_destroy_output(&o, doc);
	buf_reset(b);
	for (size_t i = 0; i < tree.nblocks; i++) {
		buf_addf(b, "%u|", tree.blocks[i].sep);
		buf_add(b, tree.text.data + tree.blocks[i].start, tree.blocks[i].len);
		buf_addc(b, '\n');
	}
}

/*
 * The page's blocks, parsed whole and parsed after the skim, are the
 * same: with its text as markers, and copied.
 */
static bool skim_keeps_text_of(const char *page, size_t n)
{
	struct buf whole = BUF_INIT, skimmed = BUF_INIT, s = BUF_INIT;
	tree_text(page, n, NULL, &whole);
	bool same = true;
	for (int marked = 0; marked < 2 && same; marked++) {
		html_skim(page, n, true, false, &s, marked ? &runs : NULL);
		tree_text(s.data, s.len, marked ? &runs : NULL, &skimmed);
		same = whole.len == skimmed.len && (!whole.len || memcmp(whole.data, skimmed.data, whole.len) == 0);
		if (!same)
			printf("  page [%s]\n  skimmed%s [%s]\n  whole [%s]\n  after skim [%s]\n", page,
			       marked ? " (markers)" : "", s.data, whole.data, skimmed.data);
	}
	buf_release(&whole);
	buf_release(&skimmed);
	buf_release(&s);
	return same;
}

static bool skim_keeps_text(const char *page)
{
	return skim_keeps_text_of(page, strlen(page));
}

static void skim_is_faithful(void)
{
	static const char *const pages[] = {
		"<p>a<!-- <p>not --> b</p>",
		"<p>a<!-->b</p>", "<p>a<!--->b</p>", "<p>a<!-- -- -->b</p>", "<p>a<!-- x --!>b</p>",
		"<p>a<!-- x ---->b</p>", "<p>a<!-- unterminated <p>b",
		"<p>a<script>if (a < b && c > d) x('</p>');</script>b</p>",
		"<p>a<script><!-- document.write('<script>x</script>'); --></script>b</p>",
		"<p>a<script><!-- x --></script>b</p>",
		"<p>a<SCRIPT type=text/javascript>x</SCRIPT >b</p>",
		"<p>a<script>x</script/>b</p>",
		"<p>a<script>never closed <p>b",
		"<p>a<style>p::after { content: '</p><p>' }</style>b</p>",
		"<title>T <script>x</script></title><p>b",
		"<p>a<textarea><p>typed</textarea>b</p>",
		"<p>a<xmp><b>shown as is</b></xmp>b</p>",
		"<p>a<plaintext><b>all text</b></p>",
		"<p title=\"a > b <script>\" class='x>y'>text</p>",
		"<p title=a>b>text</p>",
		"<p =odd \"quote=1 <x=y>text</p>",
		"<p>a<svg><g><text>svg</text></g><svg><circle/></svg></svg>b</p>",
		"<p>a<svg><![CDATA[ </svg> ]]></svg>b</p>",
		"<p>a<svg><desc>d</desc><p>breaks out</p>b",
		"<p>a<svg/>b</p>",
		"<p>a<img src=x.png srcset='a 1x, b 2x'><br>b<wbr>c</p>",
		"<table><tr><td>a<meta name=x><link rel=y></td></tr></table>",
		"<p>a</ p>b<? pi ?>c<!DOCTYPE html>d<!x>e</>f</ 3>g",
		"<div><a href=\"/x?a=1&amp;b=2\" data-x='1'>link</a></div>",
		"<p>unclosed <b attr=\"value",
		"<p>a<iframe src=x><p>fallback</p></iframe>b",
		"<p>a<math><mi>x</mi></math>b",
		"<ul><li>a<li>b<li>c</ul><dl><dt>t<dd>d</dl>",
		/* What the parser reads itself in a run of text, which stays out of the markers. */
		"<p>AT&amp;T &copy2023 &notit; &#8217;s &#x41;&#65 &amp &# &#x; & x &nbsp;&nbsp;y</p>",
		"<p>a &#32;&#9; b</p><pre>&#10;x</pre>",
		("<p>controls \x01\x07\x0B\x1F\x7F, C1 \xC2\x85\xC2\x9F, nonchars \xEF\xB7\x90 \xEF\xBF\xBE"
		 " \xF0\x9F\xBF\xBF \xF4\x8F\xBF\xBE; kept \xC2\xA0\xC2\xAB \xEF\xBC\x8C \xF0\x9F\x98\x80</p>"),
		"<pre>\na\r\nb\rc\r\r\nd</pre><p>e\rf</p><pre>\r\ng</pre>",
		"<pre>  x\n  y</pre><listing>\nz</listing>",
		/* Where a run goes depends on its first character: the head, a table, a frameset. */
		"  \n text before <html>",
		"<html> <head> <title>t</title> text in the head <meta name=x></head><p>b",
		"<html><head></head> between <body><p>b</p></body> after the body </html> and after",
		"<table> <tr> <td>a</td> text fostered </tr> </table> <table>  </table>b",
		"<table><colgroup> x<col></colgroup></table>",
		"<frameset> a <frame> b</frameset> c",
		"<select> a <option>b</select><p>c",
		"<p>a<math><mi>x &amp; y</mi><![CDATA[ c > d ]]></math>b",
		"<p>a<![CDATA[ c > d <b class=x>e</b> ]]>f</p>",
		"<p>a <!-- c --> b<!x> c</> d</ x> e<? y> f < g <3 h</p>",
		"<title>a &amp; b</title><p>x</p><title>in the body &amp;</title>",
		"<p>an \xEF\x80\x80 private-use character of the BMP</p>",
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		CHECK(skim_keeps_text(pages[i]));
	/* A NUL, which ends no run. */
	static const char nul[] = "<p>a\0b</p><table>\0<tr><td>c</table>";
	CHECK(skim_keeps_text_of(nul, sizeof nul - 1));
	/* A page holding characters that read as markers is skimmed without them. */
	static const char *const plane15[] = {
		"<p>a \xF3\xB0\x80\x80 b</p>", "<p>a &#983040; b &#xF0001;</p>", "<p>&#4295950336;</p>",
		"<xmp>\xF3\xB0\x80\x81</xmp>",
	};
	for (size_t i = 0; i < sizeof plane15 / sizeof plane15[0]; i++) {
		struct buf s = BUF_INIT;
		html_skim(plane15[i], strlen(plane15[i]), false, false, &s, &runs);
		CHECK(runs.page == NULL && runs.n == 0);
		buf_release(&s);
		CHECK(skim_keeps_text(plane15[i]));
	}
	/* More runs than one character can number: two characters a marker. */
	struct buf page = BUF_INIT;
	for (int i = 0; i < 40000; i++)
		buf_addf(&page, "<p>r%d</p>", i);
	CHECK(skim_keeps_text_of(page.data, page.len));
	buf_release(&page);
}

/*
 * drop_nav: a nav's contents are left out where the tree around it stays
 * as the parser builds it from the whole page; the page's text is then
 * that of `want` (the page with its navs emptied by hand, or the page
 * itself where they must stay whole).
 */
static bool nav_skim_reads_as(const char *page, const char *want)
{
	struct buf got = BUF_INIT, expected = BUF_INIT, s = BUF_INIT;
	html_skim(page, strlen(page), true, true, &s, &runs);
	tree_text(s.data, s.len, &runs, &got);
	tree_text(want, strlen(want), NULL, &expected);
	bool same = got.len == expected.len && memcmp(got.data, expected.data, got.len) == 0;
	if (!same)
		printf("  page [%s]\n  skimmed [%s]\n  got [%s]\n  want [%s]\n", page, s.data, got.data,
		       expected.data);
	buf_release(&got);
	buf_release(&expected);
	buf_release(&s);
	return same;
}

static void nav_left_out(void)
{
	static const char *const emptied[][2] = {
		{ "<nav><ul><li><a href=/>Home</a><li><a href=/w>World</a></ul></nav><p>body</p>",
		  "<nav></nav><p>body</p>" },
		{ "<NAV class=menu><script>x = '</nav>';</script><!-- </nav> --><a>m</a></nav ><p>b",
		  "<nav></nav><p>b" },
		{ "<nav><nav>a</nav><p>b</nav>c", "<nav></nav>c" },
		{ "<nav><p>a<ul><li>b<li>c</ul><select><option>d</select></nav><p>e", "<nav></nav><p>e" },
		{ "<nav><table><tr><td>a</td></tr></table><svg><text>s</text></svg></p></nav><p>c",
		  "<nav></nav><p>c" },
		/* One kept whole, and a later one still left out. */
		{ "<nav>a<div></nav><nav>b</nav><p>c", "<nav>a<div></nav><nav></nav><p>c" },
		/* A box of chrome by its words, with little text outside its links. */
		{ "<div class=\"share-bar\"><a href=/f>Share on Facebook</a> <a href=/t>Share on Twitter</a> "
		  "<span>or by email</span></div><p>body</p>", "<div></div><p>body</p>" },
		{ "<footer class=site-footer><ul><li><a href=/a>About us and our history</a><li><a href=/c>"
		  "Contact the newsroom</a></ul><div class=menu><a href=/x>x</a></div>"
		  "<p>All rights reserved, and then some more words.</p></footer><p>c",
		  "<footer><ul><li><a href=/a>About us and our history</a><li><a href=/c>"
		  "Contact the newsroom</a></ul><div></div>"
		  "<p>All rights reserved, and then some more words.</p></footer><p>c" },
	};
	for (size_t i = 0; i < sizeof emptied / sizeof emptied[0]; i++)
		CHECK(nav_skim_reads_as(emptied[i][0], emptied[i][1]));
	static const char *const whole[] = {
		"<nav><a href=/>Home</nav><p>after, inside the link the parser reopens</p>",
		"<div><nav><a>m</a></div><p>the div's end closes the nav</p>",
		"<table><tr><td><nav>m</td><td>n</td></tr></table><p>c",
		"<nav>never closed <p>b",
		"<nav><math><mi>x</mi></math></nav><p>b",
		"<nav><plaintext></nav><p>b",
		"<b><nav>m</b>after</nav><p>c",
		/* Boxes: a paragraph's worth of text, or no words of chrome, or a form in a form. */
		"<div class=share><p>A paragraph long enough to be an article's, with a comma.</p></div>",
		"<div class=story><a href=/x>link</a></div>",
		"<span class=share><a href=/x>inline</a></span>",
		"<form><div class=menu><form><a href=/x>x</a></form></div><p>after</p></form>",
	};
	for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
		CHECK(nav_skim_reads_as(whole[i], whole[i]));
	/* Navs nested past the depth bound: kept, in one pass. */
	struct buf page = BUF_INIT, s = BUF_INIT;
	for (int i = 0; i < 100000; i++)
		buf_adds(&page, "<nav>");
	buf_adds(&page, "deep");
	double t0 = (double)clock() / CLOCKS_PER_SEC;
	html_skim(page.data, page.len, false, true, &s, NULL);
	CHECK(strstr(s.data, "deep") != NULL);
	CHECK((double)clock() / CLOCKS_PER_SEC - t0 < 10);
	buf_release(&page);
	buf_release(&s);
}

/* ---- what class and id values say (for the article's extractor) ------------ */

static uint32_t words(const char *v)
{
	return words_classify(v, strlen(v));
}

static void class_words(void)
{
	CHECK(words("comments") & NODE_COMMENTS);
	CHECK(words("commentList") & NODE_COMMENTS);
	CHECK(words("js-comment_thread") & NODE_COMMENTS);
	CHECK(!(words("commentary") & NODE_COMMENTS));
	CHECK(words("article-body") & NODE_CONTENT);
	CHECK(words("articleBody") & NODE_CONTENT);
	CHECK(words("c-share-bar") & NODE_CHROME);
	CHECK(words("most-read") & NODE_ASIDE);
	CHECK(words("sidebar__widget") & NODE_ASIDE);
	CHECK(words("cookie-consent") & NODE_DIALOG);
	CHECK(words("byline") & NODE_META);
	CHECK(words("sr-only") & NODE_HIDDEN_CLASS);
	CHECK(words("kommentare") & NODE_COMMENTS);
	CHECK(words("noticias-relacionadas") & NODE_ASIDE);
	CHECK(words("artikel-inhalt") & NODE_CONTENT);
	/* Languages and software the data files (common/html/classwords/) add. */
	CHECK(words("betalingsmur__logginn") & NODE_CHROME);
	CHECK(words("artikkel__ingress") & NODE_LEAD);
	CHECK(words("perex") & NODE_LEAD);
	CHECK(words("annons") & NODE_ASIDE);
	CHECK(words("reklamy") & NODE_ASIDE);
	CHECK(words("hozzaszolasok") & NODE_COMMENTS);
	CHECK(words("postprofile") & NODE_META);
	CHECK(words("signature") & NODE_CHROME);
	CHECK(words("cooked") & NODE_CONTENT);
	/* "hidden" beside other words is a utility or a breakpoint, not text for screen readers. */
	CHECK(words("hidden") & NODE_HIDDEN_CLASS);
	CHECK(words("visually-hidden") & NODE_HIDDEN_CLASS);
	CHECK(!(words("overflow-hidden") & NODE_HIDDEN_CLASS));
	CHECK(!(words("snippet-hidden") & NODE_HIDDEN_CLASS));
	CHECK(!(words("hidden-xs") & NODE_HIDDEN_CLASS));
	CHECK(words("artikkel__brodtekst") & NODE_CONTENT);
	/* A feature of the page, not a part of it; words that are no part at all. */
	CHECK(!(words("has-sidebar") & NODE_ASIDE));
	CHECK(!(words("comments-open") & NODE_COMMENTS));
	CHECK(words("header") == 0 && words("") == 0 && words("x1 y2 z3") == 0);
	CHECK(words("shadow") == 0 && words("readable") == 0 && words("badge") == 0);
	CHECK(words_role("navigation", 10) & NODE_CHROME);
	CHECK(words_role("Navigation", 10) & NODE_CHROME);
	CHECK(words_role("main", 4) & NODE_CONTENT);
	CHECK(words_role("presentation", 12) == 0);
}

static void flags_reach_blocks(void)
{
	const char *page = "<body class=\"single has-comments\"><nav><a href=/>Home</a></nav>"
			   "<div class=comments><p>said</p></div>"
			   "<article><p>body <a href=/x>link</a><span class=sr-only>hidden</span></p></article>";
	/* The words are read by the skim, which hands the tree their flags. */
	struct buf skimmed = BUF_INIT;
	html_skim(page, strlen(page), true, false, &skimmed, &runs);
	GumboOptions o = kGumboDefaultOptions;
	GumboOutput *doc = gumbo_parse_with_options(&o, skimmed.data, skimmed.len);
	tree.classify = true;
	htree_build(&tree, doc->document, &runs);
	buf_release(&skimmed);
	gumbo_destroy_output(&o, doc);
	CHECK(tree.nblocks == 3);
	if (tree.nblocks == 3) {
		CHECK((tree.blocks[0].ctx & NODE_CHROME) && tree.blocks[0].link_chars == 4);
		CHECK(tree.blocks[1].ctx & NODE_COMMENTS);
		CHECK((tree.blocks[2].ctx & NODE_ARTICLE) && !(tree.blocks[2].ctx & NODE_COMMENTS));
		/* screen-reader text is left out when classifying; links counted */
		CHECK_MEM(tree.text.data + tree.blocks[2].start, tree.blocks[2].len, "body link", 9);
		CHECK(tree.blocks[2].chars == 8 && tree.blocks[2].link_chars == 4 &&
		      tree.blocks[2].words == 2);
	}
}

/* ---- hostile pages --------------------------------------------------------- */

/* CPU time, not wall time: a loaded machine must not fail the bound. */
static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * --html=main: a notice set into the body as a plain paragraph goes when
 * the line model takes it for chrome both among the article's lines and
 * alone; prose that speaks to the reader, and a question, stay.
 */
static void notices_in_the_body(void)
{
	static const char page[] =
		"<html><head><title>Ferry fares to rise</title></head><body><article><h1>Ferry fares to rise</h1>"
		"<p>Fares on the island ferry will rise by six per cent in April, the operator said on Monday, "
		"blaming the cost of fuel and a new crew agreement.</p>"
		"<p>Sign up to our free daily newsletter to get the latest news sent straight to your inbox.</p>"
		"<p><strong>You have sailed this route for years. What has changed?</strong></p>"
		"<p>If you travel often, buy a book of ten tickets before the end of March: the old price holds "
		"for a year, and you can share the book with your family.</p>"
		"<p>Islanders said the rise would fall hardest on those who cross every day for work, and the "
		"community council has asked for a fare freeze for residents.</p>"
		"<p>Copyright 2024 Island Times Ltd. All rights reserved.</p>"
		"</article></body></html>";
	html_to_text(h, HTML_MAIN, page, sizeof page - 1, NULL, &out);
	const char *t = out.data ? out.data : "";
	CHECK(strstr(t, "Fares on the island ferry") && strstr(t, "Islanders said"));
	CHECK(strstr(t, "If you travel often") && strstr(t, "What has changed?"));
	CHECK(!strstr(t, "newsletter") && !strstr(t, "Copyright"));
}

/*
 * --html=main: a thread is its posts, siblings that repeat the structure of
 * the best one, each without its poster's card and signature; an article
 * with a comment beside it in a wrapper of the same tag is not a thread.
 */
static void thread_posts(void)
{
	static const char post[] =
		"<div class=\"post bg1\"><div class=inner><dl class=postprofile><dt><a href=/u/1>%s</a></dt>"
		"<dd>Posts: 12</dd></dl><div class=postbody><div id=post_content%zu><h3><a href=#p%zu>Re: Boiler "
		"losing pressure</a></h3><p class=author>by %s on Monday</p><div class=content>%s</div></div>"
		"<div class=signature>Sent from my kitchen table, as always</div></div></div></div>";
	static const char *const texts[] = {
		"The pressure in our boiler falls from 1.5 bar to half that every few days, and I top it up, "
		"but there is no leak anywhere that I can find, under the radiators or along the pipes in the "
		"airing cupboard, and the pipe outside seems dry as well.",
		"That is usually the expansion vessel losing its charge, or the relief valve letting water by. "
		"Watch the gauge when the heating comes on, and look at the pipe outside for drips, because a "
		"valve that has opened a few times rarely seals properly again.",
		"It climbed to nearly three bar with the heating on, so it must be the vessel. An engineer "
		"is booked for Thursday, and thanks to everyone who answered so quickly, it saved me from "
		"trying to recharge it myself with a bicycle pump.",
	};
	struct buf page = BUF_INIT;
	buf_adds(&page, "<html><head><title>Boiler losing pressure</title></head><body><div class=wrap>"
			"<h2>Boiler losing pressure</h2>");
	char one[1024];
	for (size_t i = 0; i < 3; i++) {
		const char *who = i % 2 ? "engineer" : "asker";
		snprintf(one, sizeof one, post, who, i, i, who, texts[i]);
		buf_adds(&page, one);
	}
	buf_adds(&page, "</div></body></html>");
	html_to_text(h, HTML_MAIN, page.data, page.len, NULL, &out);
	const char *t = out.data ? out.data : "";
	CHECK(strstr(t, "The pressure in our boiler") && strstr(t, "expansion vessel") &&
	      strstr(t, "An engineer is booked"));
	CHECK(!strstr(t, "Sent from my kitchen") && !strstr(t, "Posts: 12") && !strstr(t, "on Monday"));

	/* One article, one short reply beside it: the article alone. */
	buf_reset(&page);
	buf_adds(&page, "<html><body><div class=x><div class=y><p>");
	for (size_t i = 0; i < 3; i++)
		buf_adds(&page, texts[i]);
	buf_adds(&page, "</p><p>");
	buf_adds(&page, texts[0]);
	buf_adds(&page, "</p></div></div><div class=x><div class=y><p>Great article, thanks for writing it all "
			"up so clearly, it helped me a lot with mine.</p></div></div></body></html>");
	html_to_text(h, HTML_MAIN, page.data, page.len, NULL, &out);
	t = out.data ? out.data : "";
	CHECK(strstr(t, "An engineer is booked") && !strstr(t, "Great article"));
	buf_release(&page);
}

/* --html=main: the key points listed between the title and the body stay. */
static void key_points(void)
{
	static const char page[] =
		"<html><body><div class=head><h1>Floods close the valley road</h1><div class=by>By A. Writer</div></div>"
		"<div class=points><h2>In short</h2><ul><li>The valley road is closed until Sunday</li>"
		"<li>Two hundred homes have been evacuated overnight</li></ul></div>"
		"<div class=feed><div class=entry><p>The river rose above the warning level at the bridge before dawn, "
		"and the police closed the road at the quarry turning, sending traffic over the hill.</p></div>"
		"<div class=entry><p>Volunteers have filled sandbags at the village hall since six, and the council says "
		"more will arrive from the depot by lunchtime, with a second crew.</p></div></div></body></html>";
	html_to_text(h, HTML_MAIN, page, sizeof page - 1, NULL, &out);
	const char *t = out.data ? out.data : "";
	CHECK(strstr(t, "In short") && strstr(t, "The valley road is closed") && strstr(t, "Two hundred homes"));
	CHECK(strstr(t, "Volunteers have filled") && !strstr(t, "By A. Writer"));
}

static void repeat(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_adds(b, s);
}

static void hostile_pages(void)
{
	struct buf page = BUF_INIT;
	/* 100,000 nested elements, closed, then unclosed: flattened past 512, in well under a second each. */
	repeat(&page, "<div>", 100000);
	buf_adds(&page, "deep text");
	repeat(&page, "</div>", 100000);
	double t = seconds();
	html_to_text(h, HTML_TEXT, page.data, page.len, NULL, &out);
	CHECK_STR(out.data, "deep text");
	buf_reset(&page);
	repeat(&page, "<div><span>x", 100000);
	html_to_text(h, HTML_TEXT, page.data, page.len, NULL, &out);
	CHECK(out.len >= 100000 && utf8_valid(out.data, out.len));
	buf_reset(&page);
	repeat(&page, "<b><i>", 50000);
	buf_adds(&page, "formatted");
	repeat(&page, "</p>", 1000);
	html_to_text(h, HTML_TEXT, page.data, page.len, NULL, &out);
	CHECK(strstr(out.data, "formatted") != NULL);
	buf_reset(&page);
	repeat(&page, "<table><tr><td>", 20000);
	buf_adds(&page, "cell");
	html_to_text(h, HTML_TEXT, page.data, page.len, NULL, &out);
	CHECK_STR(out.data, "cell");
	/* A 10 MB page of paragraphs, and of short linked lines: linear in both modes. */
	buf_reset(&page);
	repeat(&page, "<p class=x>Some text with <a href=/y>a link</a> &amp; an entity.</p>\n", 150000);
	html_to_text(h, HTML_TEXT, page.data, page.len, NULL, &out);
	CHECK(out.len == 150000 * 36 - 2);
	html_to_text(h, HTML_MAIN, page.data, page.len, NULL, &out);
	CHECK(out.len > 0 && utf8_valid(out.data, out.len));
	buf_reset(&page);
	repeat(&page, "<h3>Head</h3><div class=c><a href=/x>short linked line</a> x</div>\n", 100000);
	html_to_text(h, HTML_MAIN, page.data, page.len, NULL, &out);
	CHECK(utf8_valid(out.data, out.len));
	t = seconds() - t;
	if (t > 30)
		printf("  hostile pages took %.1f s of CPU\n", t);
	CHECK(t < 30);	/* seconds under sanitizers; minutes without the depth bound, or quadratic context rules */
	buf_release(&page);
}

int main(void)
{
	h = html_new();
	RUN_TEST(entities_and_white_space);
	RUN_TEST(blocks);
	RUN_TEST(parsed_as_browsers_parse);
	RUN_TEST(nothing_a_reader_sees);
	RUN_TEST(charsets);
	RUN_TEST(skim_is_faithful);
	RUN_TEST(nav_left_out);
	RUN_TEST(class_words);
	RUN_TEST(thread_posts);
	RUN_TEST(key_points);
	RUN_TEST(flags_reach_blocks);
	RUN_TEST(notices_in_the_body);
	RUN_TEST(hostile_pages);
	html_free(h);
	htree_release(&tree);
	free(runs.at);
	buf_release(&out);
	CHECK_DONE();
}
