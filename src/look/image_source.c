// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "look/image_source.h"
#include "common/proc.h"

int image_from_process(pid_t pid, struct image_buf *b)
{
	struct kernel_vma v;
	int ret = proc_find_vma(pid, "[vdso]", &v);

	b->data = NULL;
	if (ret)
		return ret;
	b->size = v.end - v.start;
	b->base = v.start;
	b->data = malloc(b->size);
	if (!b->data)
		return -ENOMEM;
	ret = proc_read_mem(pid, v.start, b->data, b->size);
	if (ret)
		image_free(b);
	return ret;
}

const char *image_file_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return NULL;
	case S_IFDIR: return "a directory";
	case S_IFIFO: return "a FIFO";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFSOCK: return "a socket";
	default: return "not a file";
	}
}

int image_from_file(const char *path, struct image_buf *b)
{
	/* O_NONBLOCK: opening a FIFO for reading otherwise waits for a
	 * writer, forever if none comes, before fstat can refuse it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	size_t done = 0;
	ssize_t n;

	b->data = NULL;
	b->base = 0;
	b->mode = 0;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		close(fd);
		return -errno;
	}
	b->mode = st.st_mode;
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)IMAGE_FILE_MAX) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : S_ISREG(st.st_mode) ? -EFBIG
									 : IMAGE_NOT_REGULAR;
	}
	/* A regular file ignores O_NONBLOCK on Linux; cleared all the same
	 * so that a short read can only mean the end of the file. */
	fcntl(fd, F_SETFL, 0);
	b->size = (size_t)st.st_size;
	b->data = malloc(b->size ? b->size : 1);
	if (!b->data) {
		close(fd);
		return -ENOMEM;
	}
	while (done < b->size && (n = read(fd, b->data + done, b->size - done)) > 0)
		done += (size_t)n;
	close(fd);
	b->size = done;
	return 0;
}

void image_free(struct image_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->size = 0;
}
