/*
 * json: JSON objects through simdjson's On-Demand API; see json.h.
 *
 * Why On-Demand and not the DOM API (measured in the README): the DOM
 * parses every value of a line, the long text under a key nobody asked
 * for included (a seventh more instructions here), and turns numbers into
 * doubles (a 30-digit integer is an error there, 1.50 comes back as 1.5);
 * On-Demand walks the top-level keys and looks only into the values asked
 * for, whose JSON text it gives as written.
 *
 * Strings are unescaped by simdjson into our own arena; one it refuses (a
 * lone surrogate) or one read under --invalid=keep is decoded here, by the
 * small decoder below, which applies the policy.
 */
#include <simdjson.h>

#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

/* rill's headers are C11: their noreturn is C++'s attribute here (after the C++ headers). */
#define noreturn [[noreturn]]
#include "json.h"
#include "json_module.h"
extern "C" {
#include "diag.h"
}
#undef noreturn

using namespace simdjson;

namespace {

/* A node of the key tree: a key, the slot of a path ending here, the keys under it. */
struct key_node {
	std::string name;
	long slot = -1;
	std::vector<key_node> children;
};

/*
 * Bytes for the values of one object: chunks that never move once given
 * out, so a value made earlier stays where it is while later ones are made.
 */
class arena {
	std::vector<std::unique_ptr<char[]>> chunks;
	std::vector<size_t> sizes;
	size_t current = 0, used = 0;

public:
	void reset()
	{
		/* Keep the first chunk only: one huge record leaves no huge buffer behind. */
		if (chunks.size() > 1) {
			chunks.resize(1);
			sizes.resize(1);
		}
		current = 0;
		used = 0;
	}
	char *take(size_t n)
	{
		if (current < chunks.size() && sizes[current] - used >= n) {
			char *p = chunks[current].get() + used;
			used += n;
			return p;
		}
		size_t size = n > ((size_t)64 << 10) ? n : ((size_t)64 << 10);
		chunks.emplace_back(new char[size]);
		sizes.push_back(size);
		current = chunks.size() - 1;
		used = n;
		return chunks[current].get();
	}
};

/* A JSON number as RFC 8259 writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
bool is_json_number(const char *p, size_t n)
{
	size_t i = 0;
	auto digits = [&]() {
		size_t start = i;
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++;
		return i > start;
	};
	if (i < n && p[i] == '-')
		i++;
	if (i < n && p[i] == '0')
		i++;
	else if (!digits())
		return false;
	if (i < n && p[i] == '.') {
		i++;
		if (!digits())
			return false;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		if (!digits())
			return false;
	}
	return i == n;
}

bool is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t trim_space(const char *p, size_t n)
{
	while (n && is_json_space(p[n - 1]))
		n--;
	return n;
}

/* The length of a string's content from just after its opening quote, up to its closing one. */
bool string_length(const char *p, const char *end, size_t *len, bool *escaped)
{
	const char *q = p;
	*escaped = false;
	for (;;) {
		const char *quote = (const char *)memchr(q, '"', (size_t)(end - q));
		if (!quote)
			return false;
		size_t backslashes = 0;
		while (quote - backslashes > p && quote[-1 - (long)backslashes] == '\\')
			backslashes++;
		if (backslashes)
			*escaped = true;
		if (backslashes % 2 == 0) {
			if (!*escaped && memchr(p, '\\', (size_t)(quote - p)))
				*escaped = true;
			*len = (size_t)(quote - p);
			return true;
		}
		q = quote + 1;
	}
}

int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

size_t put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | cp >> 12);
		d[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | cp >> 18);
	d[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	d[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

enum decoded { DECODED, BAD_ESCAPE, LONE_SURROGATE };

/*
 * A string's content p[0, n) (escapes and all) decoded into d (room for
 * n bytes: decoding never lengthens).  Bytes other than escapes are copied
 * as they are, valid or not; a lone surrogate follows the policy.
 */
enum decoded decode_string(const char *p, size_t n, char *d, size_t *out, enum invalid_policy invalid,
			   uint64_t *replaced)
{
	size_t o = 0;
	const char *end = p + n;
	while (p < end) {
		const char *bs = (const char *)memchr(p, '\\', (size_t)(end - p));
		size_t run = (size_t)((bs ? bs : end) - p);
		memcpy(d + o, p, run);
		o += run;
		if (!bs)
			break;
		p = bs + 1;
		if (p == end)
			return BAD_ESCAPE;
		char c = *p++;
		const char *simple = strchr("\"\\/bfnrt", c);
		if (c && simple) {
			static const char to[] = "\"\\/\b\f\n\r\t";
			d[o++] = to[simple - "\"\\/bfnrt"];
			continue;
		}
		if (c != 'u' || end - p < 4)
			return BAD_ESCAPE;
		int u = hex4(p);
		if (u < 0)
			return BAD_ESCAPE;
		p += 4;
		unsigned cp = (unsigned)u;
		if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
			int low = hex4(p + 2);
			if (low >= 0xdc00 && low <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + ((unsigned)low - 0xdc00);
				p += 6;
			}
		}
		if (cp >= 0xd800 && cp <= 0xdfff) {
			if (invalid == INVALID_SKIP || invalid == INVALID_FAIL)
				return LONE_SURROGATE;
			if (invalid != INVALID_KEEP) {
				cp = 0xfffd;
				(*replaced)++;
			}
			/* Under keep: the three bytes UTF-8 would give it (WTF-8), as Python's surrogatepass does. */
		}
		o += put_utf8(d + o, cp);
	}
	*out = o;
	return DECODED;
}

const char *error_text(error_code e)
{
	switch (e) {
	case INCOMPLETE_ARRAY_OR_OBJECT:
		return "not one JSON object (cut short, or more text after it)";
	case TAPE_ERROR:
		return "malformed JSON (a missing or extra comma, colon, brace or key)";
	case UNCLOSED_STRING:
		return "a string is not closed";
	case STRING_ERROR:
		return "a bad escape in a string";
	case DEPTH_ERROR:
		return "nested more than 1024 levels deep";
	case CAPACITY:
		return "a JSON line of 4 GiB or more";
	case NUMBER_ERROR:
		return "a malformed number";
	case T_ATOM_ERROR:
	case F_ATOM_ERROR:
	case N_ATOM_ERROR:
		return "a malformed true, false or null";
	case UTF8_ERROR:
		return "invalid UTF-8";
	case INCORRECT_TYPE:
		return "not a JSON object";
	case EMPTY:
		return "no JSON object";
	default:
		return error_message(e);
	}
}

}  // namespace

struct json_keys {
	key_node root;
	size_t slots = 0;
};

/* Documents larger than this are read by a parser of their own, freed after. */
static const size_t LARGE_DOCUMENT = (size_t)16 << 20;

struct json_parser {
	ondemand::parser parser;
	std::string padded;		/* a text copied for its padding */
	arena values;

	/* The object being read. */
	ondemand::document *doc = nullptr;
	ondemand::parser *active = nullptr;
	const char *text = nullptr, *end = nullptr, *original = nullptr;
	enum invalid_policy invalid = INVALID_REPLACE;
	struct field *out = nullptr;
	bool *present = nullptr;
	uint64_t *replaced = nullptr;
	const char *error = nullptr;
};

namespace {

/* Where a pointer into the text is in the bytes the values come from. */
const char *source_of(const json_parser *p, const char *at)
{
	return p->original ? p->original + (at - p->text) : at;
}

void set_value(json_parser *p, long slot, const char *data, size_t len)
{
	p->out[slot].data = data;
	p->out[slot].len = len;
	p->present[slot] = true;
}

enum json_result fail(json_parser *p, error_code e)
{
	p->error = error_text(e);
	return JSON_BAD;
}

enum json_result read_string(json_parser *p, ondemand::value &v, long slot)
{
	ondemand::raw_json_string raw;
	error_code e = v.get_raw_json_string().get(raw);
	if (e)
		return fail(p, e);
	const char *start = raw.raw();
	size_t n;
	bool escaped;
	if (!string_length(start, p->end, &n, &escaped))
		return fail(p, UNCLOSED_STRING);
	const char *from = source_of(p, start);
	if (!escaped) {
		set_value(p, slot, from, n);
		return JSON_OK;
	}
	if (!p->original) {
		uint8_t *dst = (uint8_t *)p->values.take(n + SIMDJSON_PADDING);
		std::string_view s;
		if (!p->active->unescape(raw, dst).get(s)) {
			set_value(p, slot, s.data(), s.size());
			return JSON_OK;
		}
	}
	char *d = p->values.take(n ? n : 1);
	size_t len;
	switch (decode_string(from, n, d, &len, p->invalid, p->replaced)) {
	case BAD_ESCAPE:
		return fail(p, STRING_ERROR);
	case LONE_SURROGATE:
		p->error = "a lone surrogate (\\uD800-\\uDFFF without its pair) in a string";
		return JSON_INVALID;
	default:
		set_value(p, slot, d, len);
		return JSON_OK;
	}
}

/* An object's or array's text [start, stop) (white space after it included), compacted. */
enum json_result set_compact(json_parser *p, long slot, const char *start, const char *stop)
{
	size_t n = trim_space(start, (size_t)(stop - start));
	char *d = p->values.take(n ? n : 1);
	size_t len = 0;
	error_code e = minify(source_of(p, start), n, d, len);
	if (e)
		return fail(p, e);
	set_value(p, slot, d, len);
	return JSON_OK;
}

enum json_result walk_object(json_parser *p, ondemand::object &obj, const key_node &node);

/* A value under a key of the tree: taken if a path ends here, walked into if paths go on. */
enum json_result read_value(json_parser *p, ondemand::value &v, const key_node &node)
{
	ondemand::json_type t;
	error_code e = v.type().get(t);
	if (e)
		return fail(p, e);
	if (t == ondemand::json_type::object && !node.children.empty()) {
		/* Its own text too, if asked for: from its brace to where the walk leaves off. */
		const char *start = v.raw_json_token().data();
		ondemand::object obj;
		if ((e = v.get_object().get(obj)))
			return fail(p, e);
		enum json_result r = walk_object(p, obj, node);
		if (r != JSON_OK || node.slot < 0)
			return r;
		const char *stop;
		if ((e = p->doc->current_location().get(stop)))
			return fail(p, e);
		return set_compact(p, node.slot, start, stop);
	}
	if (node.slot < 0)
		return JSON_OK;	/* paths go on below, but this is no object: they are absent */
	switch (t) {
	case ondemand::json_type::string:
		return read_string(p, v, node.slot);
	case ondemand::json_type::object:
	case ondemand::json_type::array: {
		std::string_view raw;
		if (t == ondemand::json_type::object) {
			ondemand::object obj;
			e = v.get_object().get(obj);
			if (!e)
				e = obj.raw_json().get(raw);
		} else {
			ondemand::array arr;
			e = v.get_array().get(arr);
			if (!e)
				e = arr.raw_json().get(raw);
		}
		if (e)
			return fail(p, e);
		return set_compact(p, node.slot, raw.data(), raw.data() + raw.size());
	}
	default: {
		/* A number, true, false or null: its text, checked, as it is written. */
		std::string_view raw = v.raw_json_token();
		size_t n = trim_space(raw.data(), raw.size());
		bool ok = t == ondemand::json_type::number ? is_json_number(raw.data(), n)
			: t == ondemand::json_type::boolean
				? (n == 4 && !memcmp(raw.data(), "true", 4)) || (n == 5 && !memcmp(raw.data(), "false", 5))
				: n == 4 && !memcmp(raw.data(), "null", 4);
		if (!ok)
			return fail(p, t == ondemand::json_type::number ? NUMBER_ERROR : T_ATOM_ERROR);
		set_value(p, node.slot, source_of(p, raw.data()), n);
		return JSON_OK;
	}
	}
}

enum json_result walk_object(json_parser *p, ondemand::object &obj, const key_node &node)
{
	for (auto field : obj) {
		std::string_view key;
		error_code e = field.unescaped_key().get(key);
		if (e)
			return fail(p, e);
		const key_node *child = nullptr;
		for (const key_node &c : node.children)
			if (c.name.size() == key.size() && !memcmp(c.name.data(), key.data(), key.size())) {
				child = &c;
				break;
			}
		if (!child)
			continue;	/* skipped when the loop moves on */
		ondemand::value v;
		if ((e = field.value().get(v)))
			return fail(p, e);
		enum json_result r = read_value(p, v, *child);
		if (r != JSON_OK)
			return r;
	}
	return JSON_OK;
}

enum json_result read_document(json_parser *p, ondemand::parser &parser, const char *text, size_t len,
			       size_t capacity, const json_keys *k)
{
	ondemand::document doc;
	error_code e = parser.iterate(text, len, capacity).get(doc);
	if (e == UTF8_ERROR)
		return JSON_NOT_UTF8;
	if (e)
		return fail(p, e);
	p->doc = &doc;
	p->active = &parser;
	ondemand::json_type t;
	if ((e = doc.type().get(t)))
		return fail(p, e);
	if (t != ondemand::json_type::object)
		return fail(p, INCORRECT_TYPE);
	ondemand::object obj;
	if ((e = doc.get_object().get(obj)))
		return fail(p, e);
	enum json_result r = walk_object(p, obj, k->root);
	if (r != JSON_OK)
		return r;
	/* The object must have ended, and the line with it. */
	const char *at;
	e = doc.current_location().get(at);
	if (e != OUT_OF_BOUNDS) {
		p->error = "more text after the JSON object";
		return JSON_BAD;
	}
	return JSON_OK;
}

void add_path(key_node &root, const struct field *parts, size_t nparts, size_t slot)
{
	key_node *node = &root;
	for (size_t i = 0; i < nparts; i++) {
		std::string name(parts[i].data, parts[i].len);
		key_node *next = nullptr;
		for (key_node &c : node->children)
			if (c.name == name)
				next = &c;
		if (!next) {
			node->children.emplace_back();
			node->children.back().name = name;
			next = &node->children.back();
		}
		node = next;
	}
	node->slot = (long)slot;
}

}  // namespace

namespace {

struct json_keys *module_keys_new(void)
{
	try {
		return new json_keys;
	} catch (const std::bad_alloc &) {
		die("out of memory");
	}
}

void module_keys_add(struct json_keys *k, const struct field *parts, size_t nparts, size_t slot)
{
	try {
		add_path(k->root, parts, nparts, slot);
		if (slot + 1 > k->slots)
			k->slots = slot + 1;
	} catch (const std::bad_alloc &) {
		die("out of memory");
	}
}

size_t module_keys_slots(const struct json_keys *k)
{
	return k->slots;
}

void module_keys_free(struct json_keys *k)
{
	delete k;
}

struct json_parser *module_parser_new(void)
{
	try {
		return new json_parser;
	} catch (const std::bad_alloc &) {
		die("out of memory");
	}
}

void module_parser_free(struct json_parser *p)
{
	delete p;
}

enum json_result module_read_object(struct json_parser *p, const struct json_keys *k,
				  const char *text, size_t len, size_t readable,
				  const char *original, enum invalid_policy invalid,
				  struct field *values, bool *present, uint64_t *replaced,
				  const char **error)
{
	try {
		for (size_t i = 0; i < k->slots; i++) {
			values[i].data = "";
			values[i].len = 0;
			present[i] = false;
		}
		p->values.reset();
		if (readable < len + SIMDJSON_PADDING) {
			p->padded.assign(text, len);
			p->padded.append(SIMDJSON_PADDING, '\0');
			text = p->padded.data();
			readable = p->padded.size();
		}
		p->text = text;
		p->end = text + len;
		p->original = original;
		p->invalid = invalid;
		p->out = values;
		p->present = present;
		p->replaced = replaced;
		p->error = nullptr;
		enum json_result r;
		if (len > LARGE_DOCUMENT) {
			ondemand::parser once;
			r = read_document(p, once, text, len, readable, k);
		} else {
			r = read_document(p, p->parser, text, len, readable, k);
		}
		p->doc = nullptr;
		p->active = nullptr;
		*error = p->error;
		return r;
	} catch (const std::bad_alloc &) {
		die("out of memory reading a JSON line of %zu bytes", len);
	}
}

}  // namespace

/* The table the C side reaches the functions through (json_module.h). */
extern "C" const struct json_module rill_json_module = {
	JSON_MODULE_VERSION, module_keys_new, module_keys_add, module_keys_slots, module_keys_free,
	module_parser_new, module_parser_free, module_read_object,
};
