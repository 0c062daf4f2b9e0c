/* SPDX-License-Identifier: MIT */
/*
 * One `run` session: the sealed memfd holding the session page and the
 * replacement image, the optional stats page, and the fixed address the
 * original vDSO moves to in every process of the tree.
 */
#ifndef SUPERVISE_SESSION_H
#define SUPERVISE_SESSION_H

#include <stdint.h>
#include <sys/types.h>
#include "clock/model.h"
#include "clock/spec.h"
#include "supervise/abi.h"
#include "supervise/layout.h"

/* Clock families that --clocks selects. */
#define CLOCKS_REALTIME ((1u << 0) | (1u << 5) | (1u << 8) | (1u << 11))
#define CLOCKS_MONOTONIC ((1u << 1) | (1u << 4) | (1u << 6))
#define CLOCKS_BOOTTIME ((1u << 7) | (1u << 9))

struct session {
	int memfd;			/* sealed: session page, then the image */
	int stats_fd;			/* -1 unless --stats */
	struct vclock_session *page;	/* the supervisor's writable view */
	struct vclock_stats *stats;
	uint64_t image_size;		/* page-rounded */
	struct vdso_layout layout;
	uint64_t moved_vdso;		/* where the original [vdso] lands */
	uint64_t fixed_start, fixed_end;	/* the moved vvar..vdso span and the runtime */
	uint64_t rt_file_off, rt_size;	/* the runtime in the memfd */
	uint64_t rt_at, rt_data_at;	/* the runtime and its data page, after the span */
	/* Where the notify filter stops trusting instruction pointers: the
	 * runtime's exec gadget page, whose execve it must see. */
	uint64_t notify_ip_end;
	int use_arch_prctl;		/* ARCH_MAP_VDSO_64 works on this kernel */
	/* An arena after the runtime in the memfd, shared read-only with the
	 * tree at SESSION_TABLE_AT: table_size is set (page-rounded) between
	 * session_layout and session_create, 0 for none. */
	uint64_t table_size, table_off;
	void *table;			/* the supervisor's writable view */
	/* A ring the tree maps writable at SESSION_RING_AT, after the stats
	 * page in its memfd (which then exists without --stats too):
	 * ring_size is set like table_size, 0 for none. */
	uint64_t ring_size;
	void *ring;
	char name[48];			/* memfd name, unique to the session */
};

/* Learns the kernel's vDSO layout and the session's fixed address: all
 * that the seccomp filter needs.  -errno with why in err. */
int session_layout(struct session *s, char *err, size_t errlen);

/* Builds everything from the spec (after session_layout, or doing it); -errno with why in err on failure.
 * owner (the vdsotool the user started) names the memfd. */
/* The clock parameters of spec, for the clocks of mask, written into p
 * (the caller guards a live page with its seqcount). */
void session_fill_params(struct vclock_session *p, const struct clock_spec *spec, uint32_t mask);

int session_create(struct session *s, const struct clock_spec *spec, uint32_t virtual_mask,
		   int stats, pid_t owner, char *err, size_t errlen);

/* The virtual reading of clock clk, as the image would compute it now;
 * -errno when the real clock cannot be read. */
int session_virtual_now(const struct session *s, int clk, int64_t *ns);

void session_destroy(struct session *s);

#endif /* SUPERVISE_SESSION_H */
