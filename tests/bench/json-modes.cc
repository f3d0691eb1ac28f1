/*
 * json-modes: the measurement behind common/json's choice of simdjson's
 * On-Demand API over its DOM (README, "Dependencies").  Reads a JSON Lines
 * file line by line, as rill does, and takes the keys `source` and `id`
 * of each line in one of these ways:
 *
 *   load      only load the file and find its lines (the baseline)
 *   od-find   On-Demand, `source` found by name
 *   od-find2  On-Demand, `source` and `id` found by name
 *   od-walk   On-Demand, every top-level key walked, the two taken (rill)
 *   od-check  On-Demand, every value of the object walked and checked
 *   dom       DOM: the line parsed whole, the two looked up
 *
 * Not part of make bench (it measures a library, not rill): build and
 * count instructions, which stay put on a loaded machine, with
 *
 *   g++ -O2 -std=c++17 tests/bench/json-modes.cc -lsimdjson -o build/json-modes
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null build/json-modes FILE MODE 1
 *
 * (the last argument: times over the file; the wall time is printed too).
 */
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace simdjson;

/* Every value under v checked as its type says; strings not decoded. */
static bool check_value(ondemand::value v)
{
	ondemand::json_type t;
	if (v.type().get(t))
		return false;
	switch (t) {
	case ondemand::json_type::object: {
		ondemand::object o;
		if (v.get_object().get(o))
			return false;
		for (auto f : o) {
			ondemand::raw_json_string k;
			ondemand::value c;
			if (f.key().get(k) || f.value().get(c) || !check_value(c))
				return false;
		}
		return true;
	}
	case ondemand::json_type::array: {
		ondemand::array a;
		if (v.get_array().get(a))
			return false;
		for (auto e : a) {
			ondemand::value c;
			if (e.get(c) || !check_value(c))
				return false;
		}
		return true;
	}
	case ondemand::json_type::string: {
		ondemand::raw_json_string r;
		return !v.get_raw_json_string().get(r);
	}
	case ondemand::json_type::number: {
		double d;
		return !v.get_double().get(d);
	}
	case ondemand::json_type::boolean: {
		bool b;
		return !v.get_bool().get(b);
	}
	case ondemand::json_type::null:
		return v.is_null();
	}
	return false;
}

/* The two keys of one line by `mode`: adds their lengths to total; false if the line is refused. */
static bool read_line(const std::string &mode, ondemand::parser &od, dom::parser &dp, const char *p,
		      size_t len, size_t capacity, size_t &total)
{
	std::string_view v;
	if (mode == "load")
		return true;
	if (mode == "dom") {
		dom::element e;
		if (dp.parse(p, len, false).get(e))
			return false;
		if (e["source"].get_string().get(v))
			return false;
		total += v.size();
		if (e["id"].get_string().get(v))
			return false;
		total += v.size();
		return true;
	}
	ondemand::document doc;
	ondemand::object o;
	if (od.iterate(p, len, capacity).get(doc) || doc.get_object().get(o))
		return false;
	if (mode == "od-find" || mode == "od-find2") {
		if (o.find_field_unordered("source").get_string().get(v))
			return false;
		total += v.size();
		if (mode == "od-find")
			return true;
		if (o.find_field_unordered("id").get_string().get(v))
			return false;
		total += v.size();
		return true;
	}
	for (auto field : o) {
		std::string_view k;
		ondemand::value value;
		if (field.unescaped_key().get(k) || field.value().get(value))
			return false;
		if (k == "source" || k == "id") {
			if (value.get_string().get(v))
				return false;
			total += v.size();
		} else if (mode == "od-check" && !check_value(value)) {
			return false;
		}
	}
	/* Nothing may follow the object. */
	return doc.current_location().error() == OUT_OF_BOUNDS;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: json-modes FILE MODE [TIMES]\n");
		return 2;
	}
	padded_string data;
	if (padded_string::load(argv[1]).get(data)) {
		fprintf(stderr, "json-modes: cannot read %s\n", argv[1]);
		return 1;
	}
	std::string mode = argv[2];
	int times = argc > 3 ? atoi(argv[3]) : 3;
	ondemand::parser od;
	dom::parser dp;
	size_t total = 0, lines = 0, refused = 0;
	const char *end = data.data() + data.size();
	auto start = std::chrono::steady_clock::now();
	for (int t = 0; t < times; t++) {
		for (const char *p = data.data(); p < end;) {
			const char *nl = (const char *)memchr(p, '\n', (size_t)(end - p));
			size_t len = (size_t)((nl ? nl : end) - p);
			size_t capacity = (size_t)(end + SIMDJSON_PADDING - p);
			lines++;
			refused += !read_line(mode, od, dp, p, len, capacity, total);
			p = nl ? nl + 1 : end;
		}
	}
	double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / times;
	printf("%-9s %.3f s %6.0f MB/s, %zu lines, %zu refused, %zu bytes of values\n", mode.c_str(), s,
	       (double)data.size() / s / 1e6, lines / (size_t)times, refused / (size_t)times, total / (size_t)times);
	return 0;
}
