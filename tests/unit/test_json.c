/*
 * Unit tests of -F jsonl (common/records over common/json) and of the
 * jsonl writer: keys, paths and values read at every small block size;
 * every escape, surrogate pairs and lone ones under each --invalid
 * policy; bad lines and their messages; random fields written as JSON
 * Lines and read back, and random JSON texts decoded as a reference
 * decoder says; a string larger than simdjson's reused parser takes.
 */
#include "../../common/buf.h"
#include "../../common/fields.h"
#include "../../common/records.h"
#include "../../common/writer.h"
#include "check.h"
#include "dump_records.h"

#include <stdint.h>

static void check_keys(const char *in, size_t len, const char *keys, const char *want)
{
	struct buf got = BUF_INIT;
	for (size_t bs = 1; bs <= 40; bs++) {
		struct input_opts o = { .format = FMT_JSONL, .block_size = bs };
		dump_records(o, in, len, keys, &got, NULL);
		if (got.len != strlen(want) || memcmp(got.data ? got.data : "", want, got.len)) {
			printf("  keys %s, block size %zu:\n", keys, bs);
			CHECK_MEM(got.data ? got.data : "", got.len, want, strlen(want));
			break;
		}
	}
	buf_release(&got);
}

#define CHECK_KEYS(in, keys, want) check_keys(in, sizeof in - 1, keys, want)

static void keys_and_values(void)
{
	/* Key order, absent keys, and every kind of value as its text. */
	CHECK_KEYS("{\"b\": 2, \"a\": \"x\"}\n{\"a\": \"y\"}\n", "a,b", "x|2;y|;");
	CHECK_KEYS("{\"n\": -1.50e+2, \"t\": true, \"f\": false, \"z\": null, \"big\": 123456789012345678901234567890}\n",
		   "n,t,f,z,big", "-1.50e+2|true|false|null|123456789012345678901234567890;");
	/* Objects and arrays compacted, white space in their strings kept. */
	CHECK_KEYS("{\"o\": { \"k\" : [ 1 , \"a b\" , {} ] , \"e\" : [ ] } }\n", "o,o.k,o.e",
		   "{\"k\":[1,\"a b\",{}],\"e\":[]}|[1,\"a b\",{}]|[];");
	/* Dotted paths, jq's leading dot, a dot and a comma inside keys, the whole object. */
	CHECK_KEYS("{\"metadata\": {\"url\": \"u\", \"a.b\": 1}, \"a.b\": 2, \"c,d\": 3}\n",
		   ".metadata.url,metadata.a\\.b,a\\.b,c\\,d", "u|1|2|3;");
	CHECK_KEYS("{\"a\": 1}\n", ".", "{\"a\": 1};");
	/* A path through a value that is not an object is absent; a key twice: the last. */
	CHECK_KEYS("{\"m\": \"s\", \"k\": 1, \"k\": 2}\n", "m.url,k", "|2;");
	/* Escaped keys match their text. */
	CHECK_KEYS("{\"\\u0074ext\": \"t\"}\n", "text", "t;");
	/* Blank lines, CRLF, a BOM, white space around, no final newline. */
	CHECK_KEYS("\xef\xbb\xbf{\"a\":1}\r\n\n  \t\r\n  {\"a\":2}  \n{\"a\":3}", "a", "1;2;3;");
	CHECK_KEYS("{}\n{\"a\":{}}\n", "a", ";{};");
}

static void escapes_and_surrogates(void)
{
	CHECK_KEYS("{\"s\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20ac \\ud83d\\ude00 \\uffff\"}\n", "s",
		   "\" \\ / \b \f \n \r \t \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbf;");
	struct buf got = BUF_INIT;
	struct reader_stats st;
	static const char nul[] = "{\"s\": \"a\\u0000b\"}\n";
	dump_records((struct input_opts){ .format = FMT_JSONL }, nul, sizeof nul - 1, "s", &got, NULL);
	CHECK_MEM(got.data, got.len, "a\0b;", 4);

	/* A lone surrogate: U+FFFD, counted; under keep its three bytes; skipped under skip. */
	static const char lone[] = "{\"s\": \"x\\ud800y\\udc00\\ud800\\u0041\"}\n{\"s\": \"ok\"}\n";
	dump_records((struct input_opts){ .format = FMT_JSONL }, lone, sizeof lone - 1, "s", &got, &st);
	CHECK_STR(got.data, "x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbd" "A;ok;");
	CHECK(st.invalid_replaced == 3);
	dump_records((struct input_opts){ .format = FMT_JSONL, .invalid = INVALID_KEEP }, lone, sizeof lone - 1,
		  "s", &got, NULL);
	CHECK_STR(got.data, "x\xed\xa0\x80y\xed\xb0\x80\xed\xa0\x80" "A;ok;");
	dump_records((struct input_opts){ .format = FMT_JSONL, .invalid = INVALID_SKIP }, lone, sizeof lone - 1,
		  "s", &got, &st);
	CHECK_STR(got.data, "ok;");
	CHECK(st.invalid_skipped == 1);

	/* Invalid UTF-8 in the line: repaired before parsing, or kept byte for byte. */
	static const char bad[] = "{\"s\": \"caf\xe9\\n\", \"t\": \"\xff\"}\n";
	dump_records((struct input_opts){ .format = FMT_JSONL }, bad, sizeof bad - 1, "s,t", &got, &st);
	CHECK_STR(got.data, "caf\xef\xbf\xbd\n|\xef\xbf\xbd;");
	CHECK(st.invalid_replaced == 2);
	dump_records((struct input_opts){ .format = FMT_JSONL, .invalid = INVALID_KEEP }, bad, sizeof bad - 1,
		  "s,t", &got, NULL);
	CHECK_STR(got.data, "caf\xe9\n|\xff;");
	buf_release(&got);
}

static const char *death_text;
static const char *death_keys;
static enum invalid_policy death_policy;

static void read_text(void *arg)
{
	struct buf out = BUF_INIT;
	(void)arg;
	dump_records((struct input_opts){ .format = FMT_JSONL, .invalid = death_policy }, death_text,
		  strlen(death_text), death_keys, &out, NULL);
	buf_release(&out);
}

static bool dies_with(const char *text, const char *keys, const char *message)
{
	death_text = text;
	death_keys = keys;
	return expect_death(read_text, NULL, 1, message);
}

static void bad_lines(void)
{
	static const struct {
		const char *line, *message;
	} cases[] = {
		{ "{\"a\": 1", "not one JSON object" },
		{ "{\"a\": 1} {\"b\": 2}", "more text after the JSON object" },
		{ "{\"a\": 1} x", "not one JSON object" },
		{ "[1, 2]", "not a JSON object" },
		{ "\"text\"", "not a JSON object" },
		{ "12", "not a JSON object" },
		{ "a\tb\tc", "bad JSON line" },
		{ "{\"a\" 1}", "malformed JSON" },
		{ "{\"a\": 1,}", "malformed JSON" },
		{ "{\"a\": \"x\" \"b\": 1}", "malformed JSON" },
		{ "{\"a\": \"open}", "bad JSON line" },
		{ "{\"a\": \"\\q\"}", "bad escape" },
		{ "{\"a\": \"\\u12g4\"}", "bad escape" },
		{ "{\"a\": 01}", "malformed number" },
		{ "{\"a\": 1.}", "malformed number" },
		{ "{\"a\": -}", "malformed number" },
		{ "{\"a\": tru}", "malformed true, false or null" },
		{ "{\"a\": nul}", "malformed true, false or null" },
	};
	struct buf text = BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&text);
		buf_addf(&text, "{\"a\": 0}\n%s\n", cases[i].line);
		death_policy = INVALID_REPLACE;
		if (!dies_with(text.data, "a", "mem:2: bad JSON line: ") ||
		    !dies_with(text.data, "a", cases[i].message)) {
			printf("  line: %s\n", cases[i].line);
			CHECK(false);
		}
		/* Under --invalid=skip the line is dropped and counted, the others read. */
		buf_addf(&text, "{\"a\": 9}");
		struct buf got = BUF_INIT;
		struct reader_stats st;
		dump_records((struct input_opts){ .format = FMT_JSONL, .invalid = INVALID_SKIP }, text.data, text.len,
			  "a", &got, &st);
		if (strcmp(got.data, "0;9;") != 0 || st.malformed_skipped != 1) {
			printf("  skip: line %s gave [%s], %llu skipped\n", cases[i].line, got.data,
			       (unsigned long long)st.malformed_skipped);
			CHECK(false);
		}
		buf_release(&got);
	}
	/* A lone surrogate under fail names the line. */
	death_policy = INVALID_FAIL;
	CHECK(dies_with("{\"a\": 1}\n{\"a\": \"\\udfff\"}\n", "a", "mem:2: invalid UTF-8: a lone surrogate"));
	CHECK(dies_with("{\"a\": 1}\n\n{\"a\": \"\xc3\"}\n", "a", "mem:3: invalid UTF-8"));
	/* A value under a key nobody asked for is skipped over, not looked into. */
	struct buf got = BUF_INIT;
	static const char skipped[] = "{\"x\": [1,,2], \"y\": tru, \"a\": 1}\n";
	dump_records((struct input_opts){ .format = FMT_JSONL }, skipped, sizeof skipped - 1, "a", &got, NULL);
	CHECK_STR(got.data, "1;");
	buf_release(&got);
	buf_release(&text);
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A random code point that UTF-8 may hold: ASCII (controls, quotes, backslashes) most often. */
static uint32_t random_code_point(void)
{
	switch (next_random() % 6) {
	case 0: return (uint32_t)(next_random() % 0x20);
	case 1: return "\"\\/"[next_random() % 3];
	case 2: return 0x80 + (uint32_t)(next_random() % 0x780);
	case 3: {
		uint32_t c = 0x800 + (uint32_t)(next_random() % 0xf800);
		return c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
	}
	case 4: return 0x10000 + (uint32_t)(next_random() % 0x100000);
	default: return 0x20 + (uint32_t)(next_random() % 0x5f);
	}
}

static void add_utf8(struct buf *b, uint32_t c)
{
	char d[4];
	size_t n;
	if (c < 0x80) {
		d[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		d[0] = (char)(0xc0 | c >> 6);
		d[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		d[0] = (char)(0xe0 | c >> 12);
		d[1] = (char)(0x80 | (c >> 6 & 0x3f));
		d[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		d[0] = (char)(0xf0 | c >> 18);
		d[1] = (char)(0x80 | (c >> 12 & 0x3f));
		d[2] = (char)(0x80 | (c >> 6 & 0x3f));
		d[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	buf_add(b, d, n);
}

/* A code point as JSON may write it: as it is where allowed, or escaped, astral ones as a pair. */
static void add_json_char(struct buf *b, uint32_t c)
{
	static const char *const short_escapes[] = { ['"'] = "\\\"", ['\\'] = "\\\\", ['/'] = "\\/",
						     ['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n",
						     ['\r'] = "\\r", ['\t'] = "\\t" };
	bool must = c < 0x20 || c == '"' || c == '\\';
	unsigned how = (unsigned)(next_random() % 3);
	if (!must && how == 0) {
		add_utf8(b, c);
	} else if (c < sizeof short_escapes / sizeof short_escapes[0] && short_escapes[c] && how != 2) {
		buf_adds(b, short_escapes[c]);
	} else if (c < 0x10000) {
		buf_addf(b, next_random() & 1 ? "\\u%04x" : "\\u%04X", c);
	} else {
		uint32_t v = c - 0x10000;
		buf_addf(b, "\\u%04x\\u%04x", 0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
	}
}

/*
 * Random objects: each field a random string written with random escapes
 * (and random white space), read back and compared with the string.
 */
static void random_json_texts(void)
{
	struct buf text = BUF_INIT, want = BUF_INIT, got = BUF_INIT, keys = BUF_INIT;
	bool ok = true;
	for (int round = 0; round < 300 && ok; round++) {
		buf_reset(&text);
		buf_reset(&want);
		buf_reset(&keys);
		unsigned nfields = 1 + (unsigned)(next_random() % 5);
		for (int line = 0; line < 3; line++) {
			buf_adds(&text, next_random() & 1 ? "{" : " { ");
			for (unsigned k = 0; k < nfields; k++) {
				buf_addf(&text, "%s\"k%u\"%s:%s\"", k ? "," : "", k, next_random() & 1 ? " " : "",
					 next_random() & 1 ? "\t" : "");
				size_t len = next_random() % 40;
				for (size_t i = 0; i < len; i++) {
					uint32_t c = random_code_point();
					add_json_char(&text, c);
					add_utf8(&want, c);
				}
				buf_addc(&text, '"');
				buf_addc(&want, k + 1 < nfields ? '|' : ';');
			}
			buf_adds(&text, "}\n");
		}
		for (unsigned k = 0; k < nfields; k++)
			buf_addf(&keys, "%sk%u", k ? "," : "", k);
		dump_records((struct input_opts){ .format = FMT_JSONL, .block_size = 1 + next_random() % 64 },
			  text.data, text.len, keys.data, &got, NULL);
		if (got.len != want.len || memcmp(got.data, want.data, want.len)) {
			printf("  text: %s\n", text.data);
			CHECK_MEM(got.data, got.len, want.data, want.len);
			ok = false;
		}
	}
	buf_release(&text);
	buf_release(&want);
	buf_release(&got);
	buf_release(&keys);
}

static char round_path[] = "/tmp/rill-json-XXXXXX";

/* Random fields (any valid UTF-8, NULs and controls included) through the jsonl writer and back. */
static void writer_round_trip(void)
{
	int fd = mkstemp(round_path);
	if (fd < 0)
		return;
	close(fd);
	struct buf fields[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT }, want = BUF_INIT, got = BUF_INIT;
	struct output_opts oo = { .format = FMT_JSONL, .path = round_path };
	struct writer *w = writer_open(&oo);
	static const struct field names[] = { { "text", 4 }, { "id", 2 }, { "a\"b\\c", 5 }, { "m", 1 } };
	writer_names(w, names, 4);
	for (int rec = 0; rec < 500; rec++) {
		struct field f[4];
		for (int i = 0; i < 4; i++) {
			buf_reset(&fields[i]);
			size_t len = next_random() % 30;
			for (size_t k = 0; k < len; k++)
				add_utf8(&fields[i], random_code_point());
			f[i] = (struct field){ fields[i].data ? fields[i].data : "", fields[i].len };
			buf_add(&want, f[i].data, f[i].len);
			buf_addc(&want, i < 3 ? '|' : ';');
		}
		writer_fields(w, f, 4);
	}
	writer_close(w);
	struct buf file = BUF_INIT;
	FILE *in = fopen(round_path, "rb");
	char chunk[65536];
	size_t n;
	while (in && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
		buf_add(&file, chunk, n);
	if (in)
		fclose(in);
	dump_records((struct input_opts){ .format = FMT_JSONL }, file.data, file.len, "text,id,a\"b\\\\c,m", &got,
		  NULL);
	CHECK(got.len == want.len && memcmp(got.data, want.data, want.len) == 0);
	/* Without names: f1, f2, ...; an empty record is {}. */
	w = writer_open(&oo);
	writer_fields(w, (const struct field[]){ { "x", 1 }, { "y", 1 } }, 2);
	writer_fields(w, NULL, 0);
	writer_field_u64(w, 42);
	writer_end_record(w);
	writer_close(w);
	in = fopen(round_path, "rb");
	n = in ? fread(chunk, 1, sizeof chunk, in) : 0;
	if (in)
		fclose(in);
	CHECK_MEM(chunk, n, "{\"f1\":\"x\",\"f2\":\"y\"}\n{}\n{\"f1\":42}\n", 33);
	unlink(round_path);
	for (int i = 0; i < 4; i++)
		buf_release(&fields[i]);
	buf_release(&want);
	buf_release(&got);
	buf_release(&file);
}

/* A string larger than the reused parser keeps (16 MiB): a parser of its own, and the next line as usual. */
static void large_string(void)
{
	struct buf text = BUF_INIT, got = BUF_INIT;
	size_t big = (size_t)20 << 20;
	buf_adds(&text, "{\"t\": \"");
	buf_grow(&text, big + 64);
	for (size_t i = 0; i < big; i++)
		text.data[text.len + i] = (char)('a' + i % 26);
	text.len += big;
	buf_adds(&text, "\\n\"}\n{\"t\": \"small\"}\n");
	dump_records((struct input_opts){ .format = FMT_JSONL }, text.data, text.len, "t", &got, NULL);
	CHECK(got.len == big + 1 + 1 + 6);
	CHECK(got.len > big && got.data[big] == '\n' && memcmp(got.data + big + 2, "small;", 6) == 0);
	buf_release(&text);
	buf_release(&got);
}

int main(void)
{
	RUN_TEST(keys_and_values);
	RUN_TEST(escapes_and_surrogates);
	RUN_TEST(bad_lines);
	RUN_TEST(random_json_texts);
	RUN_TEST(writer_round_trip);
	RUN_TEST(large_string);
	CHECK_DONE();
}
