// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common/output_file.h"

/*
 * Temporaries that exist right now, removed if a signal ends the process
 * first (bench holds its outputs open while it measures, for minutes with
 * many rounds).  Only the process that made them removes them: bench's
 * children inherit the handler.
 */
#define MAX_PENDING 8
static char *volatile pending[MAX_PENDING];
static pid_t pending_owner;

static void on_fatal_signal(int sig)
{
	int i, saved = errno;

	if (getpid() == pending_owner)
		for (i = 0; i < MAX_PENDING; i++)
			if (pending[i])
				unlink(pending[i]);
	errno = saved;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void remember(char *tmp)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	struct sigaction sa;
	size_t i;

	if (!pending_owner) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
			struct sigaction old;

			/* A signal the caller ignores stays ignored. */
			if (!sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_DFL)
				sigaction(sigs[i], &sa, NULL);
		}
	}
	pending_owner = getpid();
	for (i = 0; i < MAX_PENDING; i++) {
		if (!pending[i]) {
			pending[i] = tmp;
			return;
		}
	}
}

static void forget(const char *tmp)
{
	int i;

	for (i = 0; i < MAX_PENDING; i++)
		if (pending[i] == tmp)
			pending[i] = NULL;
}

static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

/* The temporary beside target, with the mode (and, for an existing file,
 * the owner) the result must have, so that nothing changes at rename. */
static int make_temporary(struct output_file *o, const struct stat *existing)
{
	char *dir = strdup(o->target);
	int err = 0;

	if (!dir || asprintf(&o->tmp, "%s/.vdsotool.XXXXXX", dirname(dir)) < 0) {
		free(dir);
		o->tmp = NULL;
		return -ENOMEM;
	}
	free(dir);
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0) {
		err = -errno;
		free(o->tmp);
		o->tmp = NULL;
		return err;
	}
	remember(o->tmp);
	if (existing) {
		struct stat st;

		/* fchown before fchmod: a change of owner clears set-id bits. */
		if (fstat(o->fd, &st) || ((st.st_uid != existing->st_uid ||
					   st.st_gid != existing->st_gid) &&
					  fchown(o->fd, existing->st_uid, existing->st_gid)))
			err = errno == EPERM ? OUTPUT_E_OWNER : -errno;
		else if (fchmod(o->fd, existing->st_mode & 07777))
			err = -errno;
	} else if (fchmod(o->fd, new_file_mode())) {
		err = -errno;
	}
	if (err)
		output_abort(o);
	return err;
}

/* What is at target, followed through symbolic links: a regular file (or
 * nothing) is replaced, a device or FIFO written into. */
static int open_existing(struct output_file *o, const struct stat *st)
{
	int fd;

	switch (st->st_mode & S_IFMT) {
	case S_IFREG:
		/* Only what the caller could have written in place is replaced:
		 * a writable directory alone does not make another user's file
		 * ours to overwrite. */
		fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		close(fd);
		if (st->st_nlink > 1)
			return OUTPUT_E_LINKS;
		o->kind = OUTPUT_REPLACE;
		return make_temporary(o, st);
	case S_IFCHR:
	case S_IFIFO:
		/* A FIFO waits here for its reader, as a shell redirection does. */
		o->fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (o->fd < 0)
			return -errno;
		o->kind = OUTPUT_DIRECT;
		return 0;
	case S_IFDIR:
		return -EISDIR;
	case S_IFBLK:
		return OUTPUT_E_BLOCKDEV;
	default:
		return OUTPUT_E_SOCKET;
	}
}

int output_open(struct output_file *o, const char *path)
{
	struct stat st;
	int err;

	memset(o, 0, sizeof(*o));
	o->path = path;
	o->fd = -1;
	if (!strcmp(path, "-")) {
		o->kind = OUTPUT_STDOUT;
		o->fd = STDOUT_FILENO;
		return 0;
	}
	if (lstat(path, &st)) {
		if (errno != ENOENT)
			return -errno;
		o->target = strdup(path);
		if (!o->target)
			return -ENOMEM;
		o->kind = OUTPUT_REPLACE;
		err = make_temporary(o, NULL);
	} else {
		if (S_ISLNK(st.st_mode) && stat(path, &st))
			return errno == ENOENT ? OUTPUT_E_DANGLING : -errno;
		/* Only a regular file is renamed over, in the directory of the
		 * file the links lead to; anything else is opened by its name,
		 * which also works for /dev/stdout when that is a pipe (it
		 * has no path realpath could return). */
		if (S_ISREG(st.st_mode))
			o->target = realpath(path, NULL);
		else
			o->target = strdup(path);
		if (!o->target)
			return errno ? -errno : -ENOMEM;
		err = open_existing(o, &st);
	}
	if (err) {
		free(o->target);
		o->target = NULL;
		o->kind = OUTPUT_NONE;
	}
	return err;
}

int output_write(struct output_file *o, const void *data, size_t len)
{
	size_t done = 0;

	/* What stdio holds for standard output comes first. */
	if (o->kind == OUTPUT_STDOUT && fflush(stdout))
		return -errno;
	while (done < len) {
		ssize_t n = write(o->fd, (const char *)data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	return 0;
}

static void release(struct output_file *o)
{
	if (o->tmp)
		forget(o->tmp);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	o->fd = -1;
	o->kind = OUTPUT_NONE;
}

int output_commit(struct output_file *o)
{
	int err = 0;

	switch (o->kind) {
	case OUTPUT_REPLACE:
		if (fsync(o->fd))
			err = -errno;
		if (close(o->fd) && !err)
			err = -errno;
		if (!err && rename(o->tmp, o->target))
			err = -errno;
		if (err)
			unlink(o->tmp);
		break;
	case OUTPUT_DIRECT:
		if (close(o->fd))
			err = -errno;
		break;
	default:
		break;
	}
	release(o);
	return err;
}

void output_abort(struct output_file *o)
{
	if (o->kind == OUTPUT_REPLACE || o->kind == OUTPUT_DIRECT)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}

const char *output_strerror(int err)
{
	switch (err) {
	case OUTPUT_E_DANGLING:
		return "a symbolic link to a missing file (hint: create the file it names, or "
		       "remove the link)";
	case OUTPUT_E_LINKS:
		return "it has other hard links, which replacing it would break (hint: remove it "
		       "first, or write elsewhere)";
	case OUTPUT_E_OWNER:
		return "its owner and group cannot be kept (hint: remove it first, write "
		       "elsewhere, or run as its owner)";
	case OUTPUT_E_BLOCKDEV:
		return "a block device, which vdsotool does not write to";
	case OUTPUT_E_SOCKET:
		return "a socket, which vdsotool does not write to";
	default:
		return strerror(-err);
	}
}
