/* SPDX-License-Identifier: MIT */
/*
 * One CPU for the start of a session.  Until the command runs its first
 * instruction, the front, the supervisor and the command hand control to
 * each other a dozen times (fork, the listener, the exec notification, two
 * ptrace stops); on different CPUs each hand-over wakes an idle one, which
 * on a virtual machine is a trip through the hypervisor.  So the front
 * pins itself to the CPU it runs on before it forks the supervisor, which
 * the supervisor and the command inherit, and puts its own mask back at
 * once; the supervisor puts the command's and its own back before it lets
 * the command go for the first time (the last ptrace detach or an exec it
 * could not seize), so the program never sees the pinned mask.  Measured:
 * `run -- /bin/true` 6.0 -> 5.0 ms on the 2-vCPU development VM.
 */
#ifndef SUPERVISE_STARTUP_CPU_H
#define SUPERVISE_STARTUP_CPU_H

#include <sys/types.h>

/* The front, before it starts the supervisor: this process on its current
 * CPU; the mask it had is kept for startup_cpu_front_done and for the
 * supervisor.  Returns 1 when pinned: nothing happens where the mask
 * cannot be read or set. */
int startup_cpu_pin(void);

/* The front, once the supervisor runs (in memory it may share with it:
 * raw.h): its own mask back, where startup_cpu_pin pinned it. */
void startup_cpu_front_done(int pinned);

/* The supervisor: tid (the command, about to run on its own) and this
 * process get the caller's mask back; only the first call does anything. */
void startup_cpu_release(pid_t tid);

#endif /* SUPERVISE_STARTUP_CPU_H */
