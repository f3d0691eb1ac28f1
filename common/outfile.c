/* outfile: files written by name, safely, under temporary names; see outfile.h. */
#include "outfile.h"

#include "buf.h"
#include "diag.h"
#include "hashmap.h"
#include "key.h"

#include <dirent.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define TEMP_MARK ".rill-"
enum { MAX_LINKS = 40 };	/* as the kernel's ELOOP */

/* ---- the temporaries to remove if the run dies ---------------------------- */

/*
 * Slots are never reused while the run lasts, so a shard's slot stays
 * its own (untracking is O(1) for a million shards).  The lock is taken
 * by the thread that catches signals too, never inside a signal handler.
 */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct temporary {
	char *path;	/* NULL: committed */
	int dirfd;	/* -1: removed by path; else the name after the last '/' removed in it */
} *registry;
static size_t nregistry, aregistry;

static void remove_temporary(const struct temporary *t)
{
	if (t->dirfd >= 0)
		unlinkat(t->dirfd, strrchr(t->path, '/') + 1, 0);
	else
		unlink(t->path);
}

void outfile_remove_temporaries(void)
{
	pthread_mutex_lock(&registry_lock);
	for (size_t i = 0; i < nregistry; i++)
		if (registry[i].path) {
			remove_temporary(&registry[i]);
			free(registry[i].path);
			registry[i].path = NULL;
		}
	pthread_mutex_unlock(&registry_lock);
}

void outfile_remove_temporaries_now(void)
{
	if (pthread_mutex_trylock(&registry_lock) != 0)
		return;
	for (size_t i = 0; i < nregistry; i++)
		if (registry[i].path)
			remove_temporary(&registry[i]);
	pthread_mutex_unlock(&registry_lock);
}

/* dirfd: the directory's descriptor, held open until the file is untracked, or -1. */
static size_t track(const char *path, int dirfd)
{
	pthread_mutex_lock(&registry_lock);
	ALLOC_GROW(registry, nregistry + 1, aregistry);
	size_t slot = nregistry++;
	registry[slot].path = xstrdup(path);
	registry[slot].dirfd = dirfd;
	pthread_mutex_unlock(&registry_lock);
	diag_set_cleanup(outfile_remove_temporaries);
	return slot;
}

static void untrack(size_t slot)
{
	pthread_mutex_lock(&registry_lock);
	free(registry[slot].path);
	registry[slot].path = NULL;
	pthread_mutex_unlock(&registry_lock);
}

/* ---- what may be written ------------------------------------------------- */

/* The directory an entry is in ("." for a bare name), into b. */
static void dir_of(struct buf *b, const char *path)
{
	const char *slash = strrchr(path, '/');
	buf_reset(b);
	if (!slash)
		buf_adds(b, ".");
	else if (slash == path)
		buf_adds(b, "/");
	else
		buf_add(b, path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static const char *kind_of(mode_t mode)
{
	return S_ISLNK(mode) ? "a symbolic link" : S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a device"
	       : S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "a file";
}

/*
 * The rule of protected_symlinks (and of protected_regular and
 * protected_fifos at their strictest), for an entry lstat() described:
 * in a directory others can write, only what the caller, root or the
 * directory's owner owns may be written through or replaced.
 */
static void check_owner_in(const struct stat *st, const struct stat *ds, const char *dir,
			   const char *given, const char *what)
{
	uid_t me = geteuid();
	if (st->st_uid == me || st->st_uid == 0)
		return;
	if (st->st_uid != ds->st_uid && (ds->st_mode & (S_ISVTX | S_IWGRP | S_IWOTH)))
		die("%s %s: refusing to %s %s owned by another user (uid %lu) in %s, a directory "
		    "others can write", what, given,
		    S_ISLNK(st->st_mode) ? "follow" : S_ISREG(st->st_mode) ? "replace" : "write to",
		    kind_of(st->st_mode), (unsigned long)st->st_uid, dir);
}

static void check_owner(const char *entry, const struct stat *st, const char *given, const char *what)
{
	if (st->st_uid == geteuid() || st->st_uid == 0)
		return;
	struct buf dir = BUF_INIT;
	dir_of(&dir, entry);
	struct stat ds;
	if (stat(dir.data, &ds) != 0)
		die("%s %s: cannot look at %s: %s", what, given, dir.data, strerror(errno));
	check_owner_in(st, &ds, dir.data, given, what);
	buf_release(&dir);
}

/* "DIR/NAME", allocated (no printf: a million shards make two each). */
static char *join_path(const char *dir, const char *name, size_t namelen)
{
	size_t dirlen = strlen(dir);
	char *p = xmalloc(dirlen + 1 + namelen + 1);
	memcpy(p, dir, dirlen);
	p[dirlen] = '/';
	memcpy(p + dirlen + 1, name, namelen);
	p[dirlen + 1 + namelen] = '\0';
	return p;
}

/* What a name leads to, every link on the way followed and checked. */
struct resolved {
	struct buf path;	/* no symbolic link in it (but a magic one of /proc) */
	struct stat st;		/* lstat() of the entry at the end */
	bool exists;
	bool magic;		/* through a link of /proc that names no path (pipe:[N]) */
};

/*
 * Walks path component by component as the kernel would, but in user
 * space, so that every symbolic link met (in the directories on the way
 * too) is checked before it is followed.  A component that does not exist
 * ends the walk: what follows is taken as it is.
 */
static void resolve_as(const char *path, const char *given, const char *what, struct resolved *r)
{
	struct buf rest = BUF_INIT, next = BUF_INIT;
	buf_reset(&r->path);
	if (path[0] == '/')
		buf_adds(&r->path, "/");
	buf_adds(&rest, path);
	r->exists = r->magic = false;
	int hops = 0;
	size_t at = 0;		/* in rest */
	for (;;) {
		while (rest.data[at] == '/')
			at++;
		if (!rest.data[at]) {
			if (!r->path.len)
				buf_adds(&r->path, ".");
			r->exists = lstat(r->path.data, &r->st) == 0;
			break;
		}
		const char *c = rest.data + at;
		size_t n = strcspn(c, "/");
		at += n;
		if (n == 1 && c[0] == '.')
			continue;
		bool last = !rest.data[at + strspn(rest.data + at, "/")];
		size_t mark = r->path.len;
		if (mark && r->path.data[mark - 1] != '/')
			buf_addc(&r->path, '/');
		buf_add(&r->path, c, n);
		if (n == 2 && c[0] == '.' && c[1] == '.')
			continue;	/* the kernel takes it from the directory walked so far, link-free */
		struct stat st;
		if (lstat(r->path.data, &st) != 0) {
			if (errno != ENOENT && errno != ENOTDIR)
				die("cannot write the %s %s: %s", what, given, strerror(errno));
			/* The rest as it is: creating the file will say what is missing. */
			buf_adds(&r->path, rest.data + at);
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			if (last) {
				r->st = st;
				r->exists = true;
				check_owner(r->path.data, &st, given, what);
				break;
			}
			continue;
		}
		check_owner(r->path.data, &st, given, what);
		if (++hops > MAX_LINKS)
			die("cannot write the %s %s: %s", what, given, strerror(ELOOP));
		char text[PATH_MAX];
		ssize_t len = readlink(r->path.data, text, sizeof text - 1);
		if (len <= 0)
			die("cannot read the link %s: %s", r->path.data, len < 0 ? strerror(errno) : "empty");
		text[len] = '\0';
		if (strncmp(r->path.data, "/proc/", 6) == 0 && text[0] != '/' && strchr(text, ':')) {
			r->magic = true;	/* pipe:[N], socket:[N]: only the kernel can follow it */
			break;
		}
		/* The link's text, then what was left; from the root or the link's directory. */
		r->path.len = mark;
		r->path.data[mark] = '\0';
		if (text[0] == '/') {
			buf_reset(&r->path);
			buf_adds(&r->path, "/");
		}
		buf_reset(&next);
		buf_adds(&next, text);
		buf_adds(&next, rest.data + at);
		buf_reset(&rest);
		buf_add(&rest, next.data, next.len);
		at = 0;
	}
	buf_release(&rest);
	buf_release(&next);
}

static void resolve(const char *path, const char *what, struct resolved *r)
{
	resolve_as(path, path, what, r);
}


/*
 * Opens a path known to hold no symbolic link, so that one swapped in
 * since it was walked is refused (openat2's RESOLVE_NO_SYMLINKS; where the
 * kernel lacks it, the last component at least, and the caller compares).
 */
static int open_no_links(const char *path, int flags)
{
#if defined(SYS_openat2) && defined(RESOLVE_NO_SYMLINKS)
	struct open_how how = { .flags = (uint64_t)flags, .resolve = RESOLVE_NO_SYMLINKS };
	long fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
	if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
		return (int)fd;
#endif
	return open(path, flags | O_NOFOLLOW);
}

/*
 * The directory of the last file opened or renamed, kept open: a run's
 * files are mostly in one (a million shards), each needing it twice.
 * The descriptor stays on the directory that was checked, even if a name
 * on the way is changed later.
 */
static struct {
	struct buf path;
	int fd;
	long name_max;
} dir_cache = { BUF_INIT, -1, 0 };

static int open_dir(const char *dir, long *name_max)
{
	if (dir_cache.fd >= 0 && strcmp(dir_cache.path.data, dir) == 0) {
		*name_max = dir_cache.name_max;
		return dir_cache.fd;
	}
	int fd = open_no_links(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (dir_cache.fd >= 0)
		close(dir_cache.fd);
	buf_reset(&dir_cache.path);
	buf_adds(&dir_cache.path, dir);
	dir_cache.fd = fd;
	dir_cache.name_max = fpathconf(fd, _PC_NAME_MAX);
	if (dir_cache.name_max <= 0)
		dir_cache.name_max = NAME_MAX;
	*name_max = dir_cache.name_max;
	return fd;
}

/* ---- stale temporaries ---------------------------------------------------- */

/* The process that made a temporary named .NAME.rill-PID-XXXXXX, or 0 if not such a name. */
static pid_t temporary_owner(const char *name)
{
	size_t n = strlen(name), mark = strlen(TEMP_MARK);
	if (name[0] != '.' || n < 1 + mark + 1 + 1 + 6 || name[n - 7] != '-')
		return 0;
	size_t end = n - 7, start = end;
	while (start > 0 && name[start - 1] >= '0' && name[start - 1] <= '9')
		start--;
	if (start == end || end - start > 9 || start < mark + 1 || memcmp(name + start - mark, TEMP_MARK, mark))
		return 0;
	long pid = strtol(name + start, NULL, 10);
	return pid > 0 ? (pid_t)pid : 0;
}

static struct hashmap swept;	/* directories already swept in this run */

/*
 * Removes, once per run and directory, the temporaries left there by
 * runs of this user that are gone: the process is not running and no one
 * holds the lock on the file (which a run on another machine would).
 */
static void sweep(int dirfd, const char *dir)
{
	if (!swept.slots)
		hashmap_init(&swept, 16);
	bool added;
	hashmap_put(&swept, key_hash(dir, strlen(dir)), &added);
	if (!added)
		return;
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;	/* creating the temporary will say what is wrong */
	}
	uid_t me = geteuid();
	pid_t self = getpid();
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		pid_t owner = temporary_owner(e->d_name);
		if (!owner || owner == self || kill(owner, 0) == 0 || errno != ESRCH)
			continue;
		int tfd = openat(dirfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (tfd < 0)
			continue;
		struct stat st;
		if (fstat(tfd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == me &&
		    flock(tfd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dirfd, e->d_name, 0);
		close(tfd);
	}
	closedir(d);
}

/* ---- opening and committing ----------------------------------------------- */

/*
 * Creates .BASE.rill-PID-XXXXXX in dirfd (BASE shortened to fit the
 * directory's longest name), O_EXCL: never an existing file or a link.
 */
static int create_temporary(int dirfd, long name_max, const char *base, mode_t mode, struct buf *name)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static char tail[40];
	static int taillen;
	if (!taillen)
		taillen = snprintf(tail, sizeof tail, TEMP_MARK "%ld-", (long)getpid());
	size_t fixed = 1 + (size_t)taillen + 6;
	size_t keep = strlen(base), room = (size_t)name_max > fixed ? (size_t)name_max - fixed : 0;
	if (keep > room) {
		keep = room;
		while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
			keep--;	/* not in the middle of a character */
	}
	static uint64_t seed;
	if (!seed) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)getpid() * 0x9E3779B97F4A7C15ULL ^ (uint64_t)ts.tv_nsec << 20 ^ (uint64_t)ts.tv_sec;
	}
	buf_grow(name, 1 + keep + (size_t)taillen + 6);
	for (int attempt = 0; attempt < 1000; attempt++) {
		buf_reset(name);
		buf_addc(name, '.');
		buf_add(name, base, keep);
		buf_add(name, tail, (size_t)taillen);
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		for (int i = 0; i < 6; i++)
			buf_addc(name, letters[(seed >> (16 + 7 * i)) % 62]);
		int fd = openat(dirfd, name->data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

/* /dev/stdout, /dev/fd/N, /proc/self/fd/N: the descriptor itself, or -1. */
static int named_descriptor(const char *path)
{
	if (strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	const char *n = strncmp(path, "/dev/fd/", 8) == 0 ? path + 8
		      : strncmp(path, "/proc/self/fd/", 14) == 0 ? path + 14 : NULL;
	if (!n || *n < '0' || *n > '9')
		return -1;
	char *end;
	long fd = strtol(n, &end, 10);
	return *end || fd > INT_MAX ? -1 : (int)fd;
}

static void open_in_place(struct outfile *f, const struct resolved *r, const char *what)
{
	struct stat now;
	int named = named_descriptor(f->path);
	if (named >= 0)
		f->fd = fcntl(named, F_DUPFD_CLOEXEC, 3);
	else if (r->magic)
		f->fd = open(f->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);	/* only the kernel can follow it */
	else
		f->fd = open_no_links(r->path.data, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (f->fd < 0)
		die("cannot open the %s %s: %s", what, f->path, strerror(errno));
	if (fstat(f->fd, &now) != 0 || S_ISDIR(now.st_mode) ||
	    (named < 0 && !r->magic && (now.st_dev != r->st.st_dev || now.st_ino != r->st.st_ino)))
		die("cannot open the %s %s: it changed while it was opened", what, f->path);
}

/*
 * The temporary for f->target, made in dirfd (`dir` its name): private
 * while a replacement, then given the old file's mode and owner (`old`,
 * NULL for a new file).  `track_fd`: the descriptor the registry may
 * remove it relative to (held open until the commit), or -1.
 */
static void make_temporary(struct outfile *f, int dirfd, long name_max, const char *dir, const struct stat *old,
			   int track_fd, const char *what)
{
	struct buf tmp = BUF_INIT;
	/* A new file gets 0666 & ~umask from the kernel; a replacement is private until it has the old mode. */
	f->fd = create_temporary(dirfd, name_max, base_of(f->target), old ? 0600 : 0666, &tmp);
	if (f->fd < 0)
		die("cannot create the %s %s: %s", what, f->path, strerror(errno));
	f->tmp = join_path(dir, tmp.data, tmp.len);
	f->slot = track(f->tmp, track_fd);
	/*
	 * Held while the file is open: a sweep on another machine (NFS) or in
	 * another PID namespace, where the pid in the name means nothing, sees
	 * the run is alive.
	 */
	(void)flock(f->fd, LOCK_EX | LOCK_NB);
	if (old) {
		/* Owner first: a chown clears the mode's special bits, which are not copied anyway. */
		if (geteuid() == 0)
			(void)fchown(f->fd, old->st_uid, old->st_gid);
		else if (old->st_gid != getegid())
			(void)fchown(f->fd, (uid_t)-1, old->st_gid);	/* only if we belong to the group */
		(void)fchmod(f->fd, old->st_mode & 0777);
	}
	buf_release(&tmp);
}

void outfile_open(struct outfile *f, const char *path, const char *what)
{
	struct resolved r = { .path = BUF_INIT };
	*f = (struct outfile){ .fd = -1, .dirfd = -1, .path = xstrdup(path) };
	if (named_descriptor(path) >= 0) {
		/* Standard output by name: written to as it is, like `>>` or a pipe. */
		open_in_place(f, &r, what);
		return;
	}
	resolve(path, what, &r);
	if (r.exists && S_ISDIR(r.st.st_mode))
		die("cannot write the %s %s: %s", what, path, strerror(EISDIR));
	if (r.magic || (r.exists && !S_ISREG(r.st.st_mode))) {
		/* A device, FIFO or socket: written in place, never replaced. */
		open_in_place(f, &r, what);
		buf_release(&r.path);
		return;
	}
	struct buf dir = BUF_INIT;
	dir_of(&dir, r.path.data);
	long name_max;
	int dirfd = open_dir(dir.data, &name_max);
	if (dirfd < 0)
		die("cannot create the %s %s: %s", what, path, strerror(errno));
	sweep(dirfd, dir.data);
	f->target = xstrdup(r.path.data);
	/* The cache may close dirfd before the commit: removed by name. */
	make_temporary(f, dirfd, name_max, dir.data, r.exists ? &r.st : NULL, -1, what);
	buf_release(&dir);
	buf_release(&r.path);
}

/* "DIR/.": every link on the way checked, DIR's owner not (a file is not written over it). */
static void resolve_dir(const char *dir, const char *what, struct resolved *r)
{
	struct buf walk = BUF_INIT;
	buf_addf(&walk, "%s/.", dir);
	resolve_as(walk.data, dir, what, r);
	buf_release(&walk);
}

void outfile_dir_open(struct outfile_dir *d, const char *file, const char *what)
{
	struct resolved r = { .path = BUF_INIT };
	struct buf dir = BUF_INIT;
	dir_of(&dir, file);
	const char *path = dir.data;
	resolve_dir(path, what, &r);
	if (!r.exists)
		die("cannot use the directory %s: %s", path, strerror(ENOENT));
	*d = (struct outfile_dir){ .path = xstrdup(path), .real = xstrdup(r.path.data) };
	d->fd = open_no_links(d->real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->fd < 0 || fstat(d->fd, &d->st) != 0)
		die("cannot use the directory %s: %s", path, strerror(errno));
	if (d->st.st_dev != r.st.st_dev || d->st.st_ino != r.st.st_ino)
		die("cannot use the directory %s: it changed while it was opened", path);
	d->name_max = fpathconf(d->fd, _PC_NAME_MAX);
	if (d->name_max <= 0)
		d->name_max = NAME_MAX;
	sweep(d->fd, d->real);
	buf_release(&dir);
	buf_release(&r.path);
}

void outfile_dir_check(const struct outfile_dir *d, const char *what)
{
	struct resolved r = { .path = BUF_INIT };
	resolve_dir(d->path, what, &r);
	if (!r.exists || r.st.st_dev != d->st.st_dev || r.st.st_ino != d->st.st_ino)
		die("cannot put the %ss in place: the directory %s was replaced during the run",
		    what, d->path);
	buf_release(&r.path);
}

void outfile_dir_close(struct outfile_dir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	free(d->path);
	free(d->real);
	*d = (struct outfile_dir){ .fd = -1 };
}

void outfile_open_in(struct outfile *f, const struct outfile_dir *d, const char *path, const char *what)
{
	const char *name = base_of(path);
	struct stat st;
	bool exists = fstatat(d->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	if (!exists && errno != ENOENT)
		die("cannot write the %s %s: %s", what, path, strerror(errno));
	if (exists && !S_ISREG(st.st_mode)) {
		/* A link, device, FIFO or directory: as any target is, walked from its name. */
		outfile_open(f, path, what);
		return;
	}
	if (exists)
		check_owner_in(&st, &d->st, d->real, path, what);
	*f = (struct outfile){ .fd = -1, .dirfd = d->fd, .path = xstrdup(path) };
	f->target = join_path(d->real, name, strlen(name));
	make_temporary(f, d->fd, d->name_max, d->real, exists ? &st : NULL, d->fd, what);
}

int outfile_reopen(const struct outfile *f)
{
	int flags = O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	int fd = f->dirfd >= 0 ? openat(f->dirfd, base_of(f->tmp), flags) : open(f->tmp, flags);
	struct stat st;
	if (fd < 0)
		die("cannot open %s again: %s", f->tmp, strerror(errno));
	/*
	 * Never another file put under its name: only where others may
	 * rename in the directory, who could change the shards afterwards
	 * anyway; a hard link to a file of root's would have two links.
	 */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink != 1)
		die("cannot open %s again: it is no longer the file this run made", f->tmp);
	(void)flock(fd, LOCK_EX | LOCK_NB);
	return fd;
}

void outfile_commit(struct outfile *f, bool sync)
{
	if (f->fd >= 0 && ((sync && fsync(f->fd) != 0 && errno != EINVAL) || close(f->fd) != 0))
		die("write error on %s: %s", f->path, strerror(errno));
	f->fd = -1;
	if (f->tmp && f->dirfd >= 0) {
		/* In the directory held open since the file was made, wherever its name leads now. */
		if (renameat(f->dirfd, base_of(f->tmp), f->dirfd, base_of(f->target)) != 0)
			die("cannot rename %s to %s: %s", f->tmp, f->target, strerror(errno));
		if (sync)
			(void)fsync(f->dirfd);
		untrack(f->slot);
	} else if (f->tmp) {
		struct buf dir = BUF_INIT;
		long name_max;
		dir_of(&dir, f->target);
		int dirfd = open_dir(dir.data, &name_max);
		if (dirfd < 0 || renameat(dirfd, base_of(f->tmp), dirfd, base_of(f->target)) != 0)
			die("cannot rename %s to %s: %s", f->tmp, f->target, strerror(errno));
		/* The rename itself on disk too, for a state that must survive a power cut. */
		if (sync)
			(void)fsync(dirfd);
		buf_release(&dir);
		untrack(f->slot);
	}
	free(f->tmp);
	free(f->target);
	free(f->path);
	*f = (struct outfile){ .fd = -1, .dirfd = -1 };
}

int outfile_open_lock(const char *path, mode_t mode)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		die("the lock file %s is a symbolic link: refused", path);
	/* Non-blocking: a FIFO planted there must not hang the run. */
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, mode);
	if (fd < 0 && errno == ELOOP)
		die("the lock file %s is a symbolic link: refused", path);
	if (fd < 0)
		die("cannot open the lock file %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		die("the lock file %s is not a regular file: refused", path);
	check_owner(path, &st, path, "lock file");
	return fd;
}

void outfile_check(const char *path, const char *what)
{
	struct resolved r = { .path = BUF_INIT };
	resolve(path, what, &r);
	buf_release(&r.path);
}
