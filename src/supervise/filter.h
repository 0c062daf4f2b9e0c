/* SPDX-License-Identifier: MIT */
/*
 * The seccomp filter every process of the tree inherits.  It costs a few
 * BPF instructions per system call and sends to the supervisor only:
 *   - execve and execveat (to inject the image into the new program),
 *   - clock_gettime on a virtual clock, gettimeofday and time when the
 *     realtime clock is virtual (static programs that bypass the vDSO).
 *   - clock_nanosleep with TIMER_ABSTIME on a virtual clock that timerfd
 *     can wait on (REALTIME, MONOTONIC, BOOTTIME): the supervisor waits
 *     for the real instant the virtual deadline stands for.
 * System calls made from the original vDSO, which the supervisor moves to
 * a session-fixed address, are allowed by instruction pointer: they are
 * the vDSO's own fallbacks and must not be shifted twice.
 */
#ifndef SUPERVISE_FILTER_H
#define SUPERVISE_FILTER_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#define FILTER_MAX_INSNS 384
#define FILTER_TIMER_ABSTIME 1
#define FILTER_SLEEP_CLOCKS ((1u << 0) | (1u << 1) | (1u << 7))

struct filter_prog {
	struct sock_filter insn[FILTER_MAX_INSNS];
	unsigned short len;
};

/* Fills prog; allow_ip_start..allow_ip_end is the moved vDSO span; extra
 * (n of them) are more system calls to send to the supervisor.  With no
 * virtual clock at all, execs and clock calls are not sent. */
int filter_build(struct filter_prog *prog, uint32_t virtual_mask, uint64_t allow_ip_start,
		 uint64_t allow_ip_end, const int *extra, size_t n);

/* The trap filter: the calls the in-process runtime answers (trapfilter.c);
 * wait_mask: the virtual clocks whose relative waits and timers follow
 * them (a rate or a freeze was asked for); extra (nextra of them): more
 * system calls it answers, always (fakeroot's stat family). */
int filter_build_trap(struct filter_prog *prog, uint32_t virtual_mask, uint32_t wait_mask,
		      const int *extra, size_t nextra, uint64_t ip_start, uint64_t ip_end);

/* Installs it with a listener; returns the notification fd or -errno. */
int filter_install(const struct filter_prog *prog);

/* Whether filter_install's listener makes a received notification's wait
 * killable only (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, Linux 5.19): the
 * kernel knows the flag when a filter that cannot be read fails with
 * EFAULT, not EINVAL.  Nothing is installed. */
int filter_wait_killable_recv(void);

#endif /* SUPERVISE_FILTER_H */
