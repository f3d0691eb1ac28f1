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
 * process that owns it, which holds an flock() on it while it is open; a
 * run that writes into a directory first removes the temporaries there of
 * runs that are gone (killed with SIGKILL, or by a power cut): owned by
 * the same user, process not running, lock free.  The name is shortened
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
#include <sys/types.h>

struct outfile {
	int fd;			/* open for writing */
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
