/* SPDX-License-Identifier: MIT */
/*
 * Writing an output file so that it is never seen partial: a temporary
 * file in the same directory, fsync, rename over the target.
 */
#ifndef COMMON_ATOMIC_FILE_H
#define COMMON_ATOMIC_FILE_H

#include <stddef.h>

/* 0, or -errno with nothing left behind. */
int atomic_write_file(const char *path, const void *data, size_t len);

#endif /* COMMON_ATOMIC_FILE_H */
