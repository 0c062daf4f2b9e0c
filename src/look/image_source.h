/* SPDX-License-Identifier: MIT */
/* Getting a vDSO image into memory: a process's [vdso], or a file. */
#ifndef LOOK_IMAGE_SOURCE_H
#define LOOK_IMAGE_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IMAGE_FILE_MAX (64u << 20)

struct image_buf {
	unsigned char *data;		/* malloc'd */
	size_t size;
	uint64_t base;			/* where it is mapped (0 for a file) */
	mode_t mode;			/* a file's type and mode, set even on failure */
};

/* image_from_file's answer for what is neither a regular file nor a
 * directory (a FIFO, a device, a socket): b->mode says which. */
#define IMAGE_NOT_REGULAR (-4096 - 1)

/* The whole [vdso] mapping of pid (0: self), as mapped. 0 or -errno. */
int image_from_process(pid_t pid, struct image_buf *b);

/* A regular file, up to IMAGE_FILE_MAX bytes. 0, IMAGE_NOT_REGULAR, or
 * -errno (-EISDIR for a directory, -EFBIG when larger).  Never blocks on
 * a FIFO nobody writes to. */
int image_from_file(const char *path, struct image_buf *b);

/* "a FIFO", "a character device", ... for a message; NULL for a regular file. */
const char *image_file_type(mode_t mode);

void image_free(struct image_buf *b);

#endif /* LOOK_IMAGE_SOURCE_H */
