/* SPDX-License-Identifier: MIT */
/*
 * The keeper: started by the supervisor only when the command exits and
 * leaves processes running (a daemon's session), so that vdsotool can
 * return while they go on.  It watches the supervisor; if the supervisor
 * dies, it kills every process of the session (found by the session memfd
 * they map, as an attached session's are: once the front is gone there is
 * no ancestor left to find them by).  A tree without its supervisor would
 * see ENOSYS from every trapped call.
 *
 * While the front lives it needs no keeper: it is the subreaper above the
 * supervisor, and ends the tree itself if the supervisor dies.  Starting
 * no process of its own on the way in is what keeps `run` cheap to start
 * (each fork and exit costs about 1 ms on a paravirtualised host).
 */
#ifndef SUPERVISE_KEEPER_H
#define SUPERVISE_KEEPER_H

/* Starts the keeper for the session whose memfd is called name, a sibling
 * of the supervisor (CLONE_PARENT: it is no part of the tree).  Returns
 * 0, or -1 with errno set.  Called once; the supervisor holds the keeper's
 * line until it exits, which is how the keeper learns of its death. */
int keeper_start(const char *name);

#endif /* SUPERVISE_KEEPER_H */
