/* shard: records routed to many files, renamed into place at the end; see shard.h. */
#include "shard.h"
#include "buf.h"
#include "diag.h"
#include "hashmap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct shard {
	char *final;
	char *tmp;
	struct writer *w;	/* NULL while closed */
	uint64_t records, bytes, last_use;
};

enum shard_mode { BY_COUNT, BY_KEY, BY_HASH };

struct shards {
	struct shard_opts o;
	struct output_opts out;
	enum shard_mode mode;
	struct keyer keyer;
	struct fieldlist key_fields;
	struct field_array header;	/* written at the top of every file */
	struct buf header_arena;
	struct shard *files;
	size_t nfiles, afiles;
	struct hashmap by_key;		/* key hash -> index in files */
	size_t current;			/* BY_COUNT: the file being filled */
	size_t open_count;
	uint64_t clock;
	struct buf name;
	struct buf made_dir;		/* the directory last made sure of (a file's names share it) */
};

/* Does the pattern hold the directive `d` ('d' with optional width, 'k', 'n')? */
static bool pattern_has(const char *p, char d)
{
	for (; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == d)
			return true;
		if (!*p)
			break;
	}
	return false;
}

static void check_pattern(const char *p)
{
	for (; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p != 'd' && *p != 'k' && *p != 'n' && *p != '%')
			die_usage("--into: unknown directive '%%%c' (%%d, %%k, %%n, %%%%)", *p ? *p : ' ');
	}
}

/* A key as a safe file name part: percent-encode what could escape or confuse. */
static void encode_key(struct buf *b, const char *k, size_t n)
{
	if (n == 0) {
		buf_adds(b, "%");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)k[i];
		if (c == '/' || c == '%' || c < 0x20 || c == 0x7F || (i == 0 && c == '.'))
			buf_addf(b, "%%%02X", c);
		else
			buf_addc(b, (char)c);
	}
}

static void expand(struct shards *s, uint64_t number, const char *key, size_t keylen)
{
	buf_reset(&s->name);
	for (const char *p = s->o.pattern; *p; p++) {
		if (*p != '%') {
			buf_addc(&s->name, *p);
			continue;
		}
		p++;
		if (*p == '%') {
			buf_addc(&s->name, '%');
			continue;
		}
		bool zero = *p == '0';
		int width = 0;
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		if (*p == 'k')
			encode_key(&s->name, key, keylen);
		else
			buf_addf(&s->name, zero ? "%0*llu" : "%*llu", width, (unsigned long long)number);
	}
}

struct shards *shards_open(const struct shard_opts *o, const struct output_opts *out,
			   const struct key_opts *key, const struct field *header, size_t nheader,
			   const struct field *out_header, size_t nout_header)
{
	int modes = (o->lines > 0) + (o->bytes > 0) + (o->key_field && !o->hash) + (o->hash > 0);
	if (!o->pattern) {
		if (modes || o->key_field)
			die_usage("--lines, --bytes, --key and --hash need --into");
		return NULL;
	}
	if (modes != 1)
		die_usage("--into needs one of --lines, --bytes, --key or --hash");
	check_pattern(o->pattern);
	struct shards *s = xcalloc(1, sizeof *s);
	s->o = *o;
	s->out = *out;
	s->mode = o->hash ? BY_HASH : o->key_field ? BY_KEY : BY_COUNT;
	if (s->mode == BY_COUNT && !pattern_has(o->pattern, 'd'))
		die_usage("--into: with --lines or --bytes the pattern needs %%d (such as part-%%04d.tsv)");
	if (s->mode == BY_KEY && !pattern_has(o->pattern, 'k'))
		die_usage("--into: with --key the pattern needs %%k");
	if (s->mode == BY_HASH && !pattern_has(o->pattern, 'n'))
		die_usage("--into: with --hash the pattern needs %%n");
	keyer_init(&s->keyer, key);
	fieldlist_parse(&s->key_fields, o->key_field, header, nheader, "--key");
	hashmap_init(&s->by_key, 64);
	for (size_t i = 0; i < nout_header; i++)
		buf_add(&s->header_arena, out_header[i].data, out_header[i].len);
	s->header.n = s->header.alloc = nout_header;
	s->header.f = xcalloc(nout_header ? nout_header : 1, sizeof *s->header.f);
	for (size_t i = 0, off = 0; i < nout_header; i++) {
		s->header.f[i].data = s->header_arena.data + off;
		s->header.f[i].len = out_header[i].len;
		off += out_header[i].len;
	}
	s->current = SIZE_MAX;
	return s;
}

static void close_least_recent(struct shards *s)
{
	size_t victim = SIZE_MAX;
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].w && (victim == SIZE_MAX || s->files[i].last_use < s->files[victim].last_use))
			victim = i;
	if (victim == SIZE_MAX)
		return;
	writer_close(s->files[victim].w);
	s->files[victim].w = NULL;
	s->open_count--;
}

static void open_file(struct shards *s, struct shard *f)
{
	if (s->open_count >= SHARD_MAX_OPEN)
		close_least_recent(s);
	struct output_opts o = s->out;
	o.path = f->tmp;
	f->w = writer_open_append(&o, compression_of_name(f->final));
	s->open_count++;
}

/*
 * A directory component that is a symbolic link is followed unless the
 * kernel's protected_symlinks rule would refuse it: in a sticky directory
 * that others may write (/tmp), a link owned neither by us nor by the
 * directory's owner was planted by someone else.
 */
static int open_link_dir(int dfd, const char *name, const char *path)
{
	struct stat dir, link;
	if (fstat(dfd, &dir) != 0 || fstatat(dfd, name, &link, AT_SYMLINK_NOFOLLOW) != 0)
		return -1;
	if ((dir.st_mode & S_ISVTX) && (dir.st_mode & S_IWOTH) && link.st_uid != geteuid() &&
	    link.st_uid != dir.st_uid)
		die("--into: not following the symbolic link %s, which another user made in a "
		    "sticky directory others can write", path);
	return openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/*
 * mkdir -p of the directories a shard's name holds (--into='by-outlet/%k'),
 * one component at a time from the start: each is opened as a directory
 * without following a link (see open_link_dir), made when missing (0777
 * less the umask), and the next looked up inside it.  Keys cannot add
 * components: their '/' is percent-encoded.  Directories made stay if the
 * run fails, as with mkdir -p; the shards themselves do not.
 */
static void make_directories(struct shards *s, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return;
	size_t dirlen = (size_t)(slash - path);
	if (s->made_dir.data && s->made_dir.len == dirlen && memcmp(s->made_dir.data, path, dirlen) == 0)
		return;
	int dfd = open(path[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		die("--into: cannot open the directory to make %.*s in: %s", (int)dirlen, path,
		    strerror(errno));
	struct buf part = BUF_INIT;
	for (size_t at = 0; at < dirlen;) {
		size_t end = at;
		while (end < dirlen && path[end] != '/')
			end++;
		buf_reset(&part);
		buf_add(&part, path + at, end - at);
		at = end + 1;
		if (part.len == 0 || strcmp(part.data, ".") == 0)
			continue;
		int fd = openat(dfd, part.data, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT) {
			if (mkdirat(dfd, part.data, 0777) != 0 && errno != EEXIST)
				die("--into: cannot make the directory %.*s: %s", (int)(end), path,
				    strerror(errno));
			fd = openat(dfd, part.data, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
			struct stat st;
			if (fstatat(dfd, part.data, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
				fd = open_link_dir(dfd, part.data, path);
			else
				errno = ENOTDIR;
		}
		if (fd < 0)
			die("--into: cannot use the directory %.*s: %s", (int)(end), path, strerror(errno));
		close(dfd);
		dfd = fd;
	}
	close(dfd);
	buf_release(&part);
	buf_reset(&s->made_dir);
	buf_add(&s->made_dir, path, dirlen);
}

/* A new file named by the current pattern expansion, header written. */
static size_t new_file(struct shards *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (strcmp(s->files[i].final, s->name.data) == 0)
			die_usage("--into: two shards would be named %s; put %%d, %%k or %%n in the "
				  "file name", s->name.data);
	ALLOC_GROW(s->files, s->nfiles + 1, s->afiles);
	struct shard *f = &s->files[s->nfiles];
	memset(f, 0, sizeof *f);
	make_directories(s, s->name.data);
	int fd = writer_temporary(s->name.data, &f->tmp, &f->final);
	if (fd < 0)
		die("cannot write the shard %s: not a regular file", s->name.data);
	close(fd);
	open_file(s, f);
	if (s->header.n)
		writer_header(f->w, s->header.f, s->header.n);
	return s->nfiles++;
}

static struct shard *by_count(struct shards *s, const struct field *out, size_t nout)
{
	struct shard *f = s->current == SIZE_MAX ? NULL : &s->files[s->current];
	if (f) {
		bool full = s->o.lines ? f->records >= s->o.lines
				       : f->records > 0 &&
						 f->bytes + writer_encoded_size(f->w, out, nout) > s->o.bytes;
		if (full) {
			writer_close(f->w);
			f->w = NULL;
			s->open_count--;
			f = NULL;
		}
	}
	if (!f) {
		expand(s, s->nfiles, NULL, 0);
		s->current = new_file(s);
		f = &s->files[s->current];
	}
	return f;
}

static struct shard *by_key(struct shards *s, const struct field *record, size_t nrecord)
{
	struct field key = key_of_fields(&s->keyer, &s->key_fields, record, nrecord);
	struct key128 h = key_hash(key.data, key.len);
	if (s->mode == BY_HASH) {
		/* Fold both halves so N need not be a power of two to spread well. */
		uint64_t n = (h.lo ^ h.hi) % s->o.hash;
		h.lo = n;
		h.hi = 0x5348415244ULL;	/* a fixed tag: the map then keys on the index */
		expand(s, n, NULL, 0);
	}
	bool added;
	struct hashmap_slot *slot = hashmap_put(&s->by_key, h, &added);
	if (added) {
		if (s->mode == BY_KEY)
			expand(s, 0, key.data, key.len);
		size_t idx = new_file(s);
		slot = hashmap_get(&s->by_key, h);
		slot->value.u = idx;
	}
	struct shard *f = &s->files[slot->value.u];
	if (!f->w)
		open_file(s, f);
	return f;
}

struct writer *shards_writer_for(struct shards *s, const struct field *record, size_t nrecord,
				 const struct field *out, size_t nout)
{
	struct shard *f = s->mode == BY_COUNT ? by_count(s, out, nout) : by_key(s, record, nrecord);
	f->records++;
	if (s->mode == BY_COUNT && s->o.bytes)
		f->bytes += writer_encoded_size(f->w, out, nout);
	f->last_use = ++s->clock;
	return f->w;
}

void shards_close(struct shards *s)
{
	if (!s)
		return;
	/* Hash partitions are all created, empty or not, so consumers find N files. */
	if (s->mode == BY_HASH) {
		for (uint64_t n = 0; n < s->o.hash; n++) {
			struct key128 h = { n, 0x5348415244ULL };
			if (hashmap_get(&s->by_key, h))
				continue;
			expand(s, n, NULL, 0);
			size_t idx = new_file(s);
			bool added;
			hashmap_put(&s->by_key, h, &added)->value.u = idx;
		}
	}
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].w)
			writer_close(s->files[i].w);
	for (size_t i = 0; i < s->nfiles; i++) {
		if (rename(s->files[i].tmp, s->files[i].final) != 0)
			die("cannot rename %s to %s: %s", s->files[i].tmp, s->files[i].final,
			    strerror(errno));
		writer_untrack_temporary(s->files[i].tmp);
		free(s->files[i].tmp);
		free(s->files[i].final);
	}
	free(s->files);
	hashmap_release(&s->by_key);
	keyer_release(&s->keyer);
	fieldlist_release(&s->key_fields);
	free(s->header.f);
	buf_release(&s->header_arena);
	buf_release(&s->name);
	buf_release(&s->made_dir);
	free(s);
}
