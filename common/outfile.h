/*
 * outfile: the files rill writes by name (-o, --state, rill-split's
 * shards) made safe to write as root from cron into directories other
 * users can write.
 *
 * A file is written under a temporary name beside its target and renamed
 * over it at the end (outfile_commit), so a failed or killed run never
 * leaves a half file: every temporary is tracked, and die() and the
 * signals that stop a run (SIGTERM, SIGINT, SIGHUP, SIGQUIT: see diag.h)
 * remove them.  A temporary's name, `.NAME.rill-PID-XXXXXX`, records the
 * process that owns it, which holds an flock() on it while it is open
 * (the pid means nothing to a run on another machine sharing the
 * directory over NFS, or in another PID namespace; the lock does, at one
 * system call a file, no I/O); a run that writes into a directory first
 * removes the temporaries there of runs that are gone (killed with
 * SIGKILL, or by a power cut): owned by the same user, process not
 * running, lock free.  A pid reused since only keeps a stale temporary
 * (the process seems alive), never removes a live one.  The name is shortened
 * (NAME's start kept) when it would be longer than the directory allows,
 * so a temporary name fits whenever the final name does.
 *
 * What the target is:
 * - A symbolic link is followed, link by link, in user space, and the
 *   file it names replaced (the link stays).  The rule of the kernel's
 *   protected_symlinks is applied to every link, and to the entry at the
 *   end (a file, a FIFO, a device), whatever the sysctl says: in a
 *   directory that is sticky or writable by its group or others, an entry
 *   owned by neither the caller, nor root, nor the directory's owner is
 *   refused (a link planted in /tmp by another user), exit 1.
 * - A device, FIFO or socket (/dev/null, a named pipe) is written in
 *   place, never replaced; so is /dev/stdout, /dev/stderr, /dev/fd/N or
 *   /proc/self/fd/N, whatever it is open on (a file opened with `>>` is
 *   appended to).
 * - A regular file that exists keeps its permission bits (not set-user-ID,
 *   set-group-ID or sticky) and, when the caller is root, its owner and
 *   group, like `sed -i`; its group when the caller belongs to it.  A new
 *   file gets 0666 & ~umask.
 *
 * Ownership: struct outfile's strings belong to it until outfile_commit()
 * or outfile_forget().
 */
#ifndef RILL_OUTFILE_H
#define RILL_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct outfile {
	int fd;			/* open for writing */
	int dirfd;		/* outfile_open_in: its directory's descriptor; else -1 */
	char *path;		/* as given, for messages */
	char *tmp;		/* the temporary name; NULL: written in place */
	char *target;		/* what tmp is renamed to: path, or the file its links name */
	size_t slot;		/* in the registry of temporaries */
};

/*
 * Opens a new version of the file at path (what: "output", "state",
 * "shard", for messages).  Dies with a message when the target is refused
 * (see above), is a directory, or cannot be created.
 */
void outfile_open(struct outfile *f, const char *path, const char *what);

/*
 * Closes f->fd (after fsync() when `sync`: a state must be on disk before
 * it replaces the old one), checking for write errors, then renames the
 * temporary into place.  Dies on any error.
 */
void outfile_commit(struct outfile *f, bool sync);

/*
 * A directory many files are written in (rill-split's shards), walked
 * once as outfile_open() walks a target's directories (every symbolic
 * link on the way checked under the rule above), swept of stale
 * temporaries once, and held open: the files made in it with
 * outfile_open_in() are looked at, created, reopened and renamed relative
 * to that descriptor, never through its name again, so a directory on the
 * way swapped for a link during the run changes nothing they do;
 * outfile_dir_check() then says it was swapped.  Per new file that costs
 * a stat of the name, the create, the flock, and at the commit the rename.
 * The directory must exist (it is not made here).
 */
struct outfile_dir {
	int fd;
	char *path;		/* as the file's path names it */
	char *real;		/* the same with its links followed: the files' names start with it */
	struct stat st;		/* of the directory when it was opened */
	long name_max;
};

/* The directory `file` is named in (as outfile_open() takes its path). */
void outfile_dir_open(struct outfile_dir *d, const char *file, const char *what);
/* Dies if d->path no longer leads to the directory held open (what: "shard"). */
void outfile_dir_check(const struct outfile_dir *d, const char *what);
/* After the commit of every file opened in it. */
void outfile_dir_close(struct outfile_dir *d);

/*
 * outfile_open() of `path`, a name in d (the part after its last '/'):
 * a regular file there, or none, is dealt with relative to d->fd; a link,
 * device, FIFO or directory by outfile_open(path) itself.
 */
void outfile_open_in(struct outfile *f, const struct outfile_dir *d, const char *path, const char *what);

/*
 * Opens a temporary again for appending after its descriptor was closed
 * (a shard closed while others were written), relative to its directory
 * when it has one, and locks it again.  Dies if what is under its name is
 * no longer a regular file of ours with one link.  Returns the descriptor.
 */
int outfile_reopen(const struct outfile *f);

/*
 * A lock file (rill-dedupe's FILE.lock), opened or created with `mode`,
 * never through a link and never a device or FIFO, under the same rule of
 * ownership as a target.  Returns its descriptor.
 */
int outfile_open_lock(const char *path, mode_t mode);

/*
 * Dies as outfile_open() would if the file at path may not be written
 * (a state, checked before a run that will replace it at its end).
 */
void outfile_check(const char *path, const char *what);

/* Removes every temporary still open (die() and the signal thread call it). */
void outfile_remove_temporaries(void);
/*
 * The same from a signal handler (a mapped input truncated under the
 * run): unlink only, and only if no thread is changing the list.
 */
void outfile_remove_temporaries_now(void);

#endif
