/* SPDX-License-Identifier: MIT */
/*
 * What the supervisor and the foreground vdsotool say to each other over
 * their socket (SOCK_SEQPACKET: one message per read).  The foreground
 * process is the one the shell waits for; the supervisor is the one that
 * serves the tree, and may outlive it.
 */
#ifndef SUPERVISE_PROTOCOL_H
#define SUPERVISE_PROTOCOL_H

#include <sys/types.h>

enum run_msg_type {
	/* supervisor -> front */
	MSG_STARTED = 1,	/* a: the command's pid (and process group); b: terminal handed to it */
	MSG_STOPPED,		/* a: the signal that stopped the command */
	MSG_HELD,		/* --stop: a: the pid stopped after injection */
	MSG_EXITED,		/* a: the command's wait status */
	MSG_TREE_DONE,		/* the last process of the tree is gone */
	MSG_FAILED,		/* the session failed; the supervisor said why */
	/* front -> supervisor */
	MSG_DETACH,		/* the front leaves on purpose: serve on */
};

struct run_stats {
	unsigned long execs, injected, not_injected, exec_failed_fast, trapped, sleeps;
	unsigned long image_reads, runtime_calls, patched_sites;
	unsigned long warps;		/* --warp: jumps made, and seconds skipped */
	long long warp_ns;
};

struct run_msg {
	int type;
	int a, b;
	struct run_stats stats;
};

#endif /* SUPERVISE_PROTOCOL_H */
