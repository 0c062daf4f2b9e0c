/* SPDX-License-Identifier: MIT */
/*
 * The exec-time installer (image/installer/): its blob, embedded in
 * vdsotool, and the parameters every injection of a session shares.
 */
#ifndef SUPERVISE_INSTALL_H
#define SUPERVISE_INSTALL_H

#include <stddef.h>
#include <stdint.h>
#include "supervise/machine.h"
#include "supervise/session.h"

/* Fills c for session s (wait_mask, trap_nrs: as filter_build_trap's
 * wait_mask and extra); -1 with why in err when the blob is unusable. */
int install_config(struct machine_config *c, const struct session *s, uint32_t virtual_mask,
		   uint32_t wait_mask, const int *trap_nrs, size_t ntrap, char *err,
		   size_t errlen);

#endif /* SUPERVISE_INSTALL_H */
