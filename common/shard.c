/* shard: records routed to many files, renamed into place at the end; see shard.h. */
#include "shard.h"
#include "buf.h"
#include "diag.h"
#include "hashmap.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

struct shard {
	struct outfile file;	/* its temporary, renamed at the end */
	struct writer *w;	/* NULL while closed */
	bool written;		/* bytes went into it before it was last closed */
	uint64_t records, bytes;
	size_t newer, older;	/* open files, most recently used first (NONE: the end) */
};

#define NONE SIZE_MAX

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
	struct hashmap by_name;		/* file name hash: two shards never share one */
	size_t current;			/* BY_COUNT: the file being filled */
	size_t open_count, max_open;
	size_t newest, oldest;		/* of the open files, NONE if none */
	size_t buffer;			/* each open file's (output_opts.buffer) */
	struct buf name, encoded;
	struct buf made_dir;		/* the directory last made sure of (a file's names share it) */
	bool one_dir;			/* no directive before the pattern's last '/': every file in one directory */
	struct outfile_dir dir;		/* ... that one, held open once made (fd -1 before) */
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

/*
 * A key as a safe file name part: percent-encode what could escape or
 * confuse ('~' too: it marks a shortened key, see fit_names).
 */
static void encode_key(struct buf *b, const char *k, size_t n)
{
	if (n == 0) {
		buf_adds(b, "%");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)k[i];
		if (c == '/' || c == '%' || c == '~' || c < 0x20 || c == 0x7F || (i == 0 && c == '.'))
			buf_addf(b, "%%%02X", c);
		else
			buf_addc(b, (char)c);
	}
}

/* `encoded` (the key encoded) cut to at most `room` bytes, ending in ~ and its hash's 16 hex digits. */
static void shorten_key(struct buf *encoded, size_t room, uint64_t hash)
{
	size_t keep = room > 17 ? room - 17 : 0;
	/* Not inside a %XX escape, nor inside a character. */
	if (keep >= 1 && encoded->data[keep - 1] == '%')
		keep -= 1;
	else if (keep >= 2 && encoded->data[keep - 2] == '%')
		keep -= 2;
	while (keep > 0 && ((unsigned char)encoded->data[keep] & 0xC0) == 0x80)
		keep--;
	encoded->len = keep;
	buf_addf(encoded, "~%016llx", (unsigned long long)hash);
}

/* The pattern with `number` and the (encoded) key, into s->name. */
static void expand_with(struct shards *s, uint64_t number, const struct buf *key)
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
			buf_add(&s->name, key->data ? key->data : "", key->len);
		else
			buf_addf(&s->name, zero ? "%0*llu" : "%*llu", width, (unsigned long long)number);
	}
}

/* How far the longest component of s->name is past NAME_MAX (0: every one fits). */
static size_t name_excess(const struct shards *s)
{
	size_t worst = 0;
	for (const char *c = s->name.data; *c;) {
		size_t n = strcspn(c, "/");
		if (n > NAME_MAX && n - NAME_MAX > worst)
			worst = n - NAME_MAX;
		c += n + (c[n] == '/');
	}
	return worst;
}

/*
 * The file name for a record: a key too long for a file name (past
 * NAME_MAX, 255 bytes, once encoded) is shortened to its start, '~' and
 * 16 hex digits of the whole key's hash, so every key gets a name.
 */
static void expand(struct shards *s, uint64_t number, const char *key, size_t keylen, uint64_t hash)
{
	buf_reset(&s->encoded);
	if (key)
		encode_key(&s->encoded, key, keylen);
	expand_with(s, number, &s->encoded);
	size_t excess = key ? name_excess(s) : 0;
	if (!excess)
		return;
	size_t full = s->encoded.len, room = full;
	while (excess) {
		if (room <= 17 + excess)
			die_usage("--into: '%s' makes file names longer than %d bytes without the key",
				  s->o.pattern, NAME_MAX);
		room -= excess;
		buf_reset(&s->encoded);
		encode_key(&s->encoded, key, keylen);
		shorten_key(&s->encoded, room, hash);
		expand_with(s, number, &s->encoded);
		excess = name_excess(s);
	}
}

/*
 * How many files may be open at once, and each one's buffer: every file
 * that may be (`files`: 1 for --lines and --bytes, N for --hash, as many
 * as there are keys), within what descriptors and memory allow.  A file
 * closed to make room is reopened for appending when its key comes again:
 * a system call or three a record, which with 64 open (as before) made
 * 1,000 keys cost as much as a file each; with them all open a record is a
 * copy into its file's buffer.
 *
 * Descriptors: the soft limit is raised to the hard one (as far as the
 * files need), as Go's runtime and systemd's advice do for programs that
 * never use select(), less what the tool needs besides (inputs, output,
 * --stats, the directory, a state): 16 under a limit of 128 or less, else
 * 64.  Memory: the open files' buffers and compression states stay under
 * SHARD_MEMORY: 8 KiB buffers where many files may be open (8,192 files
 * of text; deflate's state is 320 KiB, libzstd's at level 3 3.5 MiB with
 * its window, so 192 .gz or 16 .zst files), 256 KiB (the writer's) where
 * few are.
 */
static void plan_open_files(struct shards *s, size_t files, enum compression c)
{
	const size_t small = (size_t)8 << 10, large = (size_t)256 << 10;
	size_t state = c == COMPRESS_GZIP ? (size_t)320 << 10 : c == COMPRESS_ZSTD ? (size_t)3584 << 10 : 0;
	size_t cap = c == COMPRESS_GZIP ? SHARD_MAX_OPEN_GZIP : c == COMPRESS_ZSTD ? SHARD_MAX_OPEN_ZSTD
									     : SHARD_MAX_OPEN;
	size_t want = files < cap ? files : cap;
	size_t each = c == COMPRESS_NONE ? large : 2 * large + state;
	s->buffer = want <= SHARD_MEMORY / each ? 0 : small;	/* 0: the writer's own, large */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) {
		s->max_open = want;
		return;
	}
	if (rl.rlim_cur < want + 64 && rl.rlim_cur < rl.rlim_max) {
		struct rlimit raised = rl;
		raised.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want + 64 ? want + 64 : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
			rl = raised;
	}
	size_t limit = (size_t)rl.rlim_cur;
	size_t room = limit <= 128 ? (limit > 20 ? limit - 16 : 4) : limit - 64;
	s->max_open = want < room ? want : room;
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
	hashmap_init(&s->by_name, 64);
	s->newest = s->oldest = NONE;
	s->dir.fd = -1;
	const char *slash = strrchr(o->pattern, '/');
	if (slash) {
		struct buf dir = BUF_INIT;
		buf_add(&dir, o->pattern, (size_t)(slash - o->pattern));
		s->one_dir = !pattern_has(dir.data, 'd') && !pattern_has(dir.data, 'k') && !pattern_has(dir.data, 'n');
		buf_release(&dir);
	} else {
		s->one_dir = true;
	}
	size_t files = s->mode == BY_COUNT ? 1 : s->mode == BY_HASH && o->hash < SIZE_MAX ? (size_t)o->hash : SIZE_MAX;
	plan_open_files(s, files, compression_of_name(o->pattern));
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

/* The open files in order of use: a list through the files, so each step is O(1). */
static void unlink_open(struct shards *s, size_t i)
{
	struct shard *f = &s->files[i];
	if (f->newer != NONE)
		s->files[f->newer].older = f->older;
	else
		s->newest = f->older;
	if (f->older != NONE)
		s->files[f->older].newer = f->newer;
	else
		s->oldest = f->newer;
	f->newer = f->older = NONE;
}

static void link_newest(struct shards *s, size_t i)
{
	struct shard *f = &s->files[i];
	f->older = s->newest;
	f->newer = NONE;
	if (s->newest != NONE)
		s->files[s->newest].newer = i;
	s->newest = i;
	if (s->oldest == NONE)
		s->oldest = i;
}

static void close_file(struct shards *s, size_t i)
{
	struct shard *f = &s->files[i];
	f->written = f->written || writer_bytes(f->w) > 0;
	writer_close(f->w);
	f->w = NULL;
	unlink_open(s, i);
	s->open_count--;
}

/* Opens file i (fd: its new temporary's descriptor, or -1 to open it again), closing the least recent. */
static void open_file(struct shards *s, size_t i, int fd)
{
	if (s->open_count >= s->max_open && s->oldest != NONE)
		close_file(s, s->oldest);
	struct shard *f = &s->files[i];
	struct output_opts o = s->out;
	o.path = f->file.tmp;
	o.buffer = s->buffer;
	if (fd < 0)
		fd = outfile_reopen(&f->file);
	f->w = writer_open_append(&o, compression_of_name(f->file.target), fd, !f->written);
	link_newest(s, i);
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

/* A new file named s->name, header written. */
static size_t new_file(struct shards *s)
{
	bool added;
	hashmap_put(&s->by_name, key_hash(s->name.data, s->name.len), &added);
	if (!added)
		die_usage("--into: two shards would be named %s; put %%d, %%k or %%n in the "
			  "file name", s->name.data);
	ALLOC_GROW(s->files, s->nfiles + 1, s->afiles);
	size_t i = s->nfiles++;
	struct shard *f = &s->files[i];
	memset(f, 0, sizeof *f);
	f->newer = f->older = NONE;
	make_directories(s, s->name.data);
	if (s->one_dir) {
		if (s->dir.fd < 0)
			outfile_dir_open(&s->dir, s->name.data, "shard");
		outfile_open_in(&f->file, &s->dir, s->name.data, "shard");
	} else {
		outfile_open(&f->file, s->name.data, "shard");
	}
	if (!f->file.tmp)
		die("cannot write the shard %s: not a regular file", s->name.data);
	int fd = f->file.fd;
	f->file.fd = -1;	/* the writer's from now on */
	open_file(s, i, fd);
	if (s->header.n)
		writer_header(f->w, s->header.f, s->header.n);
	/* --bytes counts the header too: a file is at most SIZE bytes, as split -C's. */
	f->bytes = writer_bytes(f->w);
	return i;
}

static struct shard *by_count(struct shards *s, const struct field *out, size_t nout)
{
	struct shard *f = s->current == SIZE_MAX ? NULL : &s->files[s->current];
	if (f) {
		bool full = s->o.lines ? f->records >= s->o.lines
				       : f->records > 0 &&
						 f->bytes + writer_encoded_size(f->w, out, nout) > s->o.bytes;
		if (full) {
			close_file(s, s->current);
			f = NULL;
		}
	}
	if (!f) {
		expand(s, s->nfiles, NULL, 0, 0);
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
		expand(s, n, NULL, 0, 0);
	}
	bool added;
	struct hashmap_slot *slot = hashmap_put(&s->by_key, h, &added);
	if (added) {
		if (s->mode == BY_KEY)
			expand(s, 0, key.data, key.len, h.lo);
		size_t idx = new_file(s);
		slot = hashmap_get(&s->by_key, h);
		slot->value.u = idx;
	}
	size_t i = slot->value.u;
	if (!s->files[i].w)
		open_file(s, i, -1);
	else if (s->newest != i) {
		unlink_open(s, i);
		link_newest(s, i);
	}
	return &s->files[i];
}

struct writer *shards_writer_for(struct shards *s, const struct field *record, size_t nrecord,
				 const struct field *out, size_t nout)
{
	struct shard *f = s->mode == BY_COUNT ? by_count(s, out, nout) : by_key(s, record, nrecord);
	f->records++;
	if (s->mode == BY_COUNT && s->o.bytes)
		f->bytes += writer_encoded_size(f->w, out, nout);
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
			expand(s, n, NULL, 0, 0);
			size_t idx = new_file(s);
			bool added;
			hashmap_put(&s->by_key, h, &added)->value.u = idx;
		}
	}
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].w)
			close_file(s, i);
	/* Renamed in the directory held open: first, that its name still leads there. */
	if (s->dir.fd >= 0)
		outfile_dir_check(&s->dir, "shard");
	for (size_t i = 0; i < s->nfiles; i++)
		outfile_commit(&s->files[i].file, false);
	outfile_dir_close(&s->dir);
	free(s->files);
	hashmap_release(&s->by_key);
	hashmap_release(&s->by_name);
	keyer_release(&s->keyer);
	fieldlist_release(&s->key_fields);
	free(s->header.f);
	buf_release(&s->header_arena);
	buf_release(&s->name);
	buf_release(&s->made_dir);
	buf_release(&s->encoded);
	free(s);
}
