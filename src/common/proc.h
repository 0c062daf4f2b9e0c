/* SPDX-License-Identifier: MIT */
/*
 * Reading another process (or this one) through /proc: its auxiliary
 * vector, its kernel-provided mappings and its memory.  pid 0 means self.
 * Functions return 0 or -errno; callers turn that into a message.
 */
#ifndef COMMON_PROC_H
#define COMMON_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROC_AUXV_MAX 128

struct auxv_entry {
	unsigned long type, value;
};

/* Reads /proc/PID/auxv up to (not including) AT_NULL; returns the count or -errno. */
int proc_read_auxv(pid_t pid, struct auxv_entry *out, size_t max);

struct kernel_vma {
	uint64_t start, end;
	char perms[5];
	char name[16];			/* [vdso], [vvar], [vvar_vclock], [vsyscall] */
};

/* The kernel's special mappings of the process, in address order. */
int proc_kernel_vmas(pid_t pid, struct kernel_vma *out, size_t max);

/* The [vdso] mapping; -ENOENT when the process has none. */
int proc_find_vma(pid_t pid, const char *name, struct kernel_vma *out);

/* Reads len bytes at addr of the process; -EIO for a short read. */
int proc_read_mem(pid_t pid, uint64_t addr, void *buf, size_t len);

/* A NUL-terminated string at addr, at most len bytes with the NUL. */
int proc_read_string(pid_t pid, uint64_t addr, char *buf, size_t len);

/* Checks that the process exists and can be read, for a clear early error. */
int proc_check(pid_t pid);

/* "no such process", "not permitted ... (hint)", or strerror. */
const char *proc_strerror(int err);

/* The first line of a /proc or /sys text file, without its newline and
 * trailing blanks; "" and -errno when it cannot be read. */
int proc_read_line(const char *path, char *buf, size_t len);

/* A whole small /proc file (at most len - 1 bytes of it), NUL-terminated,
 * in one read: the kernel makes such a file at the read.  0 or -errno. */
int proc_read_text(const char *path, char *buf, size_t len);

/* Whether pid's command name (/proc/PID/comm) is name; 0 when gone. */
int proc_comm_is(pid_t pid, const char *name);

/* Parses a pid argument; -1 when it is not a positive decimal number. */
pid_t proc_parse_pid(const char *text);

#endif /* COMMON_PROC_H */
