// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common/atomic_file.h"

int atomic_write_file(const char *path, const void *data, size_t len)
{
	char *copy = strdup(path), tmp[4096];
	size_t done = 0;
	int fd, err = 0;

	if (!copy)
		return -ENOMEM;
	snprintf(tmp, sizeof(tmp), "%s/.vdsotool.XXXXXX", dirname(copy));
	free(copy);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	while (done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);

		if (n < 0) {
			err = -errno;
			break;
		}
		done += (size_t)n;
	}
	/* mkstemp makes 0600; an output file gets the usual umask'd mode. */
	if (!err) {
		mode_t mask = umask(0);

		umask(mask);
		if (fchmod(fd, 0666 & ~mask) || fsync(fd))
			err = -errno;
	}
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}
