/* SPDX-License-Identifier: MIT */
/*
 * vdsotool ctl and a session's supervisor: one request, one reply, over
 * an abstract unix socket (SOCK_SEQPACKET: one message per read) that the
 * supervisor listens on under two addresses (src/supervise/ctl_addr.h).
 * The supervisor checks the caller with SO_PEERCRED: only the session's
 * user or root may steer it or look at it.  Both ends are the same
 * vdsotool build (the version field catches a mix).
 */
#ifndef SUPERVISE_CTL_PROTOCOL_H
#define SUPERVISE_CTL_PROTOCOL_H

#include <stdint.h>
#include "clock/model.h"

#define CTL_VERSION 2
#define CTL_NAME_MAX 64			/* a session name's bytes, without the NUL */
#define CTL_TEXT_MAX 128		/* an option's text, kept for messages */
#define CTL_MAX_PIDS 4096		/* pids listed in a reply; the count is always whole */
#define CTL_TIMEOUT_MS 5000		/* how long ctl waits for an answer */

enum ctl_op {
	CTL_OP_GET = 1,
	CTL_OP_SET,
	CTL_OP_DETACH,			/* an attached session: back to the real clock */
	CTL_OP_ATTACH,			/* a detached session: on a virtual clock again */
};

enum ctl_flag {
	CTL_F_AT = 1 << 0,
	CTL_F_OFFSET = 1 << 1,
	CTL_F_RATE = 1 << 2,
	CTL_F_FREEZE = 1 << 3,
	CTL_F_RESUME = 1 << 4,
	CTL_F_TREE = 1 << 5,		/* CTL_OP_ATTACH: the pid's descendants too */
	CTL_F_KEEP_CODE = 1 << 6,	/* CTL_OP_ATTACH: --no-patch */
};

/* Exit statuses of vdsotool ctl, as run's: also the status of a reply. */
enum ctl_status {
	CTL_OK = 0,
	CTL_FAILED = 125,		/* a bad option or spec, a refused change, no answer */
	CTL_DENIED = 126,		/* the session is another user's */
	CTL_NO_SESSION = 127,		/* no such session, or its tree has exited */
};

struct ctl_request {
	uint32_t version;
	uint32_t op;
	int32_t pid;			/* the pid the session was found by; 0: by its name */
	uint32_t flags;
	int64_t at_ns, offset_ns;
	uint64_t rate_q32;		/* 0: freeze */
	char at_text[CTL_TEXT_MAX];	/* as given, for the range rule's message */
	char offset_text[CTL_TEXT_MAX];
	/* CTL_OP_ATTACH: the new session's clocks, --stats and --name ("": pid) */
	uint32_t virtual_mask;
	uint32_t stats;
	char name[CTL_NAME_MAX + 1];
};

struct ctl_reply {
	uint32_t version;
	int32_t status;			/* enum ctl_status */
	char why[512];			/* with a status: what failed and why */
	char name[CTL_NAME_MAX + 1];
	int32_t supervisor, command;
	int32_t front;			/* 0 once vdsotool run returned */
	int32_t command_running;
	uint32_t uid;			/* the session's user */
	uint32_t virtual_mask;
	uint64_t rate_q32;		/* the rate, kept while frozen */
	int32_t frozen;
	int32_t detached;		/* an attached session after vdsotool detach */
	int64_t now_ns[VCLOCK_NCLOCKS];	/* each virtual clock now (after a change), read together */
	uint32_t nprocs;		/* processes in the tree */
	uint32_t nlisted;		/* of which pids[] holds the first nlisted */
	int32_t pids[CTL_MAX_PIDS];	/* only nlisted of them are sent */
};

/* The bytes of a reply that carry its first n pids. */
#define CTL_REPLY_SIZE(n) (sizeof(struct ctl_reply) - sizeof(int32_t) * (CTL_MAX_PIDS - (n)))

#endif /* SUPERVISE_CTL_PROTOCOL_H */
