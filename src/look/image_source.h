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
};

/* The whole [vdso] mapping of pid (0: self), as mapped. 0 or -errno. */
int image_from_process(pid_t pid, struct image_buf *b);

/* A file, up to IMAGE_FILE_MAX bytes. 0 or -errno (-EFBIG when larger). */
int image_from_file(const char *path, struct image_buf *b);

void image_free(struct image_buf *b);

#endif /* LOOK_IMAGE_SOURCE_H */
