/*
 * Unit tests of common/mojibake and the code page tables: the tables are
 * what iconv says; words of many languages damaged through each code
 * page (by iconv, here) come back exactly, also damaged twice; texts that
 * only look damaged stay as they are; the quick check and the check in
 * the UTF-8 pass agree with each other on random texts.
 */
#include "../../common/codepages.h"
#include "../../common/mojibake.h"
#include "../../common/utf8.h"
#include "check.h"

#include <iconv.h>
#include <stdint.h>

static const char *const iconv_names[CODEPAGE_COUNT] = {
#define NAME(id, name, iconv_name) iconv_name,
	CODEPAGE_LIST(NAME)
#undef NAME
};

/* The UTF-8 bytes of text read as code page cp, as iconv reads them, into out; false if iconv cannot. */
static bool misread(int cp, const char *text, char *out, size_t size)
{
	iconv_t cd = iconv_open("UTF-8", iconv_names[cp]);
	if (cd == (iconv_t)-1)
		return false;
	char *in = (char *)text, *o = out;
	size_t il = strlen(text), ol = size - 1;
	size_t r = iconv(cd, &in, &il, &o, &ol);
	iconv_close(cd);
	if (r == (size_t)-1)
		return false;
	*o = '\0';
	return true;
}

static void tables_come_from_iconv(void)
{
	for (int cp = 0; cp < CODEPAGE_COUNT; cp++)
		for (unsigned b = 0x80; b < 0x100; b++) {
			char one[2] = { (char)b, 0 }, got[8];
			uint32_t want = 0;
			if (misread(cp, one, got, sizeof got)) {
				size_t n;
				want = utf8_decode((const unsigned char *)got, strlen(got), &n);
			}
			if (codepage_high[cp][b - 0x80] != want) {
				printf("  %s byte %02X: table %04X, iconv %04X\n", codepage_names[cp], b,
				       codepage_high[cp][b - 0x80], (unsigned)want);
				check_failures_in_test++;
			}
		}
}

static struct mojibake m = MOJIBAKE_INIT;
static struct buf out = BUF_INIT;

/* The text repaired, or the text itself when the repair changes nothing. */
static const char *repaired(const char *text)
{
	if (!mojibake_repair(&m, text, strlen(text), &out))
		return text;
	return out.data;
}

/* Real words and sentences of many languages, each with letters beyond ASCII. */
static const char *const words[] = {
	"café au lait, crème brûlée", "Straße und Übermut", "año, niño, señor, corazón",
	"São Paulo e Brasília", "perché la città", "Łódź, Kraków, Gdańsk", "Příliš žluťoučký kůň",
	"Ľudovít Štúr", "árvíztűrő tükörfúrógép", "İstanbul’da yağmur", "Ærø, Søren, Åre",
	"Þórunn Guðmundsdóttir", "Nguyễn Thị Minh Khai", "Привет, как дела?", "Київ і Львів",
	"Ђорђе из Београда", "Η Αθήνα είναι όμορφη", "שלום עולם", "مرحبا بكم",
	"北京欢迎你", "東京は暑い", "서울에서 만나요", "It’s “quoted” — and … more",
	"€5 and £10 and ¥300", "ÉTÉ À PARIS", "We ❤ this 😂",
};

static void repairs_each_code_page(void)
{
	char damaged[1024];
	int tried = 0;
	for (int cp = 0; cp < CODEPAGE_COUNT; cp++)
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
			/* iconv refuses bytes a code page leaves undefined: those words skip it. */
			if (!misread(cp, words[i], damaged, sizeof damaged) || strcmp(damaged, words[i]) == 0)
				continue;
			tried++;
			const char *got = repaired(damaged);
			if (strcmp(got, words[i]) != 0) {
				printf("  %s: [%s] -> [%s], want [%s]\n", codepage_names[cp], damaged, got,
				       words[i]);
				check_failures_in_test++;
			}
		}
	CHECK(tried > 100);
}

static void repairs_twice_over(void)
{
	char once[1024], twice[2048];
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (!misread(CP_WINDOWS_1252, words[i], once, sizeof once) ||
		    !misread(CP_WINDOWS_1252, once, twice, sizeof twice) || strcmp(once, words[i]) == 0)
			continue;
		CHECK_STR(repaired(twice), words[i]);
	}
	CHECK_STR(repaired("cafÃƒÂ©"), "café");
}

static void repairs_lost_bytes_and_controls(void)
{
	/* Windows-1252 read as Latin-1: C1 controls for its punctuation. */
	CHECK_STR(repaired("\xC2\x93Hi,\xC2\x94 she said \xC2\x96 twice"), "“Hi,” she said – twice");
	/* UTF-8 read as Latin-1: the C1 controls are part of the damage. */
	CHECK_STR(repaired("doesn\xC3\xA2\xC2\x80\xC2\x99t"), "doesn’t");
	/* Undefined in Windows-1252, so read as C1 controls by browsers: Á is C3 81. */
	CHECK_STR(repaired("\xC3\x83\xC2\x81" "lvaro S\xC3\x83\xC2\xA1" "nchez"), "Álvaro Sánchez");
	/* A no-break space became a space: à kept apart from the next word, or inside one. */
	CHECK_STR(repaired("voilÃ  tout, dÃ©jÃ  vu"), "voilà tout, déjà vu");
	CHECK_STR(repaired("ThÃ nh phá»‘ Há»“ ChÃ­nh Minh"), "Thành phố Hồ Chính Minh");
	/* ” lost its last byte, 0x9D, which Windows-1252 does not have. */
	CHECK_STR(repaired("â€œQuotedâ€\xEF\xBF\xBD he said, â€œagainâ€ and"),
		  "“Quoted” he said, “again” and");
	/* Damage in part of a record only. */
	CHECK_STR(repaired("Müller said: cafÃ© is open"), "Müller said: café is open");
}

/* Texts that look like mojibake and are not: none may change or be flagged. */
static const char *const look_alikes[] = {
	"CAFÉ… FERMÉ", "É… não sei", "A IRMÃ… ficou", "HYVÄ’ JA PAHA", "KESÄ ja syksy",
	"Å–Ö are letters", "ÅNGSTRÖM–10", "NESTLÉ® and L’ORÉAL®", "2×£5 at the market",
	"30 × 40 cm", "£1 = €1.17", "−3 °C", "±0.5 µm", "½ and ¼", "§ 12 ¶ 3", "© 2024 Ltd",
	"Product™", "√2 ≈ 1.414, x ≤ 5", "Η ΕΛΛΑΔΑ…", "Москва — столица", "ЕЩЁ ОДНА «ПОБЕДА»",
	"НЕТ» – сказал", "Ґанок, їжак, єнот", "Ђорђе Ђоковић", "Ѓорѓи и Ќосе", "├── src/",
	"┌───┬───┐", "▓▓▓░░░", "“Quote,” he said. ‘Yes.’", "It’s 5 o’clock…", "¿Qué? ¡Nada!",
	"«Bonjour» — ‹oui›", "CAFÉ™ and CRÈME®", "Chloé’s café’s menu", "Núñez and Muñoz",
	"ÀÁÂÃÄÅ ÈÉÊË!", "ŘEDITEL ŠKOLY – PŘÍŠTÍ", "ŻÓŁW I ŚLIMAK…", "Ölçü, Çelik, Şahin",
	"10\302\240000 people", "Zoë, naïve, coöperate",
};

static void leaves_look_alikes(void)
{
	for (size_t i = 0; i < sizeof look_alikes / sizeof look_alikes[0]; i++) {
		const char *t = look_alikes[i];
		if (mojibake_repair(&m, t, strlen(t), &out)) {
			printf("  changed: [%s] -> [%s]\n", t, out.data);
			check_failures_in_test++;
		}
	}
}

/* Spans found, as [text] pieces. */
static char found[1024];
static const char *found_in;

static void collect(size_t start, size_t end, void *ctx)
{
	size_t at = strlen(found);
	snprintf(found + at, sizeof found - at, "[%.*s]", (int)(end - start), found_in + start);
}

static const char *spans(const char *text)
{
	found[0] = '\0';
	found_in = text;
	mojibake_find(text, strlen(text), collect, NULL);
	return found;
}

static void finds_spans(void)
{
	CHECK_STR(spans("CafÃ© owner doesnâ€™t mind"), "[Ã©][â€™]");
	CHECK_STR(spans("РџСЂРёРІРµС‚"), "[Рџ][СЂ][Рё][РІ][Рµ][С‚]");
	CHECK_STR(spans("a \xC2\x93quote\xC2\x94 and \xEF\xBF\xBD"), "[\xC2\x93][\xC2\x94][\xEF\xBF\xBD]");
	CHECK_STR(spans("cafÃƒÂ©"), "[ÃƒÂ©]");
	CHECK_STR(spans("Chloé’s café"), "");
	CHECK_STR(spans(""), "");
}

static void quick_check(void)
{
	CHECK(!mojibake_suspect("", 0));
	CHECK(!mojibake_suspect("plain ASCII text", 16));
	const char *clean = "Chloé’s café, Núñez, “quotes” — and 10\xC2\xA0km";
	CHECK(!mojibake_suspect(clean, strlen(clean)));
	const char *bad = "a long clean stretch of text before the damage in cafÃ© here";
	CHECK(mojibake_suspect_at(bad, strlen(bad)) == (size_t)(strstr(bad, "Ã©") - bad));
	CHECK(mojibake_suspect("\xC2\x85", 2));
	/* Invalid bytes (--invalid=keep) are passed over, never repaired into. */
	const char *invalid = "caf\xC3 \xA9 ok \xFF\xFE";
	CHECK(!mojibake_repair(&m, invalid, strlen(invalid), &out));
	const char *mixed = "\xFF" "cafÃ©\xC3";
	CHECK(mojibake_repair(&m, mixed, strlen(mixed), &out));
	CHECK_MEM(out.data, out.len, "\xFF" "café\xC3", 7);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The check in the UTF-8 pass finds what the quick check finds, on texts of every mix. */
static void watch_agrees(void)
{
	static const char *const pieces[] = {
		"a", "the ", "\n", "é", "’", "“", "Ã©", "â€™", "Â", "\xC2\xA0", "\xC2\x93", "ñ", "ú",
		"Р", "џ", "Привет", "├", "√", "😂", "\xFF", "£", "é’s", "Ðµ",
	};
	char text[600];
	for (int round = 0; round < 20000; round++) {
		size_t len = 0, target = next_random() % 500;
		while (len < target) {
			const char *p = pieces[next_random() % (sizeof pieces / sizeof pieces[0])];
			size_t n = strlen(p);
			if (next_random() % 4)
				p = "ascii text here, ", n = 1 + next_random() % 17;
			if (len + n >= sizeof text)
				break;
			memcpy(text + len, p, n);
			len += n;
		}
		size_t count;
		struct utf8_watch w = { mojibake_suspect_in, 0 };
		size_t valid = utf8_valid_prefix_watch(text, len, '\n', &count, &w);
		CHECK(valid == utf8_valid_prefix(text, len));
		size_t want = mojibake_suspect_at(text, valid);
		size_t got = w.found == SIZE_MAX ? valid : w.found;
		if (got != want) {
			printf("  round %d: watch %zu, quick check %zu, valid %zu of %zu\n", round, got, want,
			       valid, len);
			check_failures_in_test++;
			break;
		}
		/* Whatever the text, the repair gives valid UTF-8 from valid UTF-8. */
		if (valid == len && mojibake_repair(&m, text, len, &out))
			CHECK(utf8_valid(out.data, out.len));
	}
}

int main(void)
{
	RUN_TEST(tables_come_from_iconv);
	RUN_TEST(repairs_each_code_page);
	RUN_TEST(repairs_twice_over);
	RUN_TEST(repairs_lost_bytes_and_controls);
	RUN_TEST(leaves_look_alikes);
	RUN_TEST(finds_spans);
	RUN_TEST(quick_check);
	RUN_TEST(watch_agrees);
	mojibake_release(&m);
	buf_release(&out);
	CHECK_DONE();
}
