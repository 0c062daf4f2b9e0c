/* SPDX-License-Identifier: MIT */
/* vdsotool ctl get: a session's state as text or as JSON (vdsotool-ctl/1). */
#ifndef SRC_CTL_REPORT_H
#define SRC_CTL_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include "supervise/ctl_protocol.h"

/* A 32.32 rate as a decimal: "10", "0.5", "0.333333333" (9 digits at most). */
void ctl_format_rate(uint64_t rate_q32, char *buf, size_t len);

void ctl_report_text(FILE *f, const struct ctl_reply *r);

/* json: 1 one line, 2 indented. */
void ctl_report_json(FILE *f, const struct ctl_reply *r, int pretty);

#endif /* SRC_CTL_REPORT_H */
