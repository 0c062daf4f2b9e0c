// SPDX-License-Identifier: MIT
/*
 * sigprobe: a program's own signal handling, as the in-process runtime of
 * vdsotool run must leave it (SIGSYS is part of its machinery): prints one
 * "check ok|FAIL" line each and exits 1 if any failed.
 *  - sigprocmask: a blocked signal stays blocked, pending, then delivered;
 *  - sigaction(SIGSYS): its own handler is what it reads back, and a kill()
 *    reaches it;
 *  - its own seccomp filter with SECCOMP_RET_TRAP: its handler sees the
 *    trap (si_code SYS_SECCOMP, its own SECCOMP_RET_DATA) and answers it;
 *  - a handler installed with a full sa_mask may still read the clock with
 *    a raw system call;
 *  - sigsuspend waits with its mask and comes back with the old one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

/* The kernel's seccomp ABI, spelled out: musl's headers do not carry
 * linux/filter.h and linux/seccomp.h. */
struct bpf_insn {
	unsigned short code;
	unsigned char jt, jf;
	unsigned int k;
};

struct bpf_prog {
	unsigned short len;
	struct bpf_insn *filter;
};

#define LD_NR 0x20		/* BPF_LD | BPF_W | BPF_ABS */
#define JEQ 0x15		/* BPF_JMP | BPF_JEQ | BPF_K */
#define RET 0x06		/* BPF_RET | BPF_K */
#define RET_TRAP 0x00030000u
#define RET_ALLOW 0x7fff0000u
#define MODE_FILTER 1

static volatile sig_atomic_t usr1, sys_kill, sys_trap, trap_data, alarm_clock_ok;
static int failed;

static void check(const char *what, int ok)
{
	printf("%s %s\n", what, ok ? "ok" : "FAIL");
	failed |= !ok;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void on_sys(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	if (si->si_code == SYS_SECCOMP) {
		sys_trap++;
		trap_data = si->si_errno;
		/* Answer the trapped getppid with 4242. */
		uc->uc_mcontext.gregs[REG_RAX] = 4242;
	} else {
		sys_kill++;
	}
}

static void on_alarm(int sig)
{
	struct timespec ts;

	(void)sig;
	alarm_clock_ok = syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 0;
}

static void own_filter(void)
{
	struct bpf_insn f[] = {
		{ LD_NR, 0, 0, 0 },	/* seccomp_data.nr is at offset 0 */
		{ JEQ, 0, 1, SYS_getppid },
		{ RET, 0, 0, RET_TRAP | 0x1234 },
		{ RET, 0, 0, RET_ALLOW },
	};
	struct bpf_prog prog = { sizeof(f) / sizeof(f[0]), f };

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	syscall(SYS_seccomp, MODE_FILTER, 0, &prog);
}

int main(void)
{
	struct sigaction sa, old;
	sigset_t set, cur, wait_mask;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &cur);
	check("sigprocmask-reads-back", sigismember(&cur, SIGUSR1));
	raise(SIGUSR1);
	check("blocked-stays-pending", usr1 == 0);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	check("unblocked-delivers", usr1 == 1);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
	sigaction(SIGSYS, NULL, &old);
	check("sigaction-sigsys-reads-back", old.sa_sigaction == on_sys);
	kill(getpid(), SIGSYS);
	check("kill-sigsys-reaches-handler", sys_kill == 1);
	own_filter();
	check("own-seccomp-trap-answered", syscall(SYS_getppid) == 4242 && sys_trap == 1 &&
	      trap_data == 0x1234);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigfillset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	sigprocmask(SIG_BLOCK, &set, &cur);
	sigfillset(&wait_mask);
	sigdelset(&wait_mask, SIGALRM);
	sigsuspend(&wait_mask);
	check("full-mask-handler-reads-clock", alarm_clock_ok);
	sigprocmask(SIG_SETMASK, NULL, &wait_mask);
	check("sigsuspend-restores-mask", sigismember(&wait_mask, SIGUSR1) &&
	      !sigismember(&wait_mask, SIGALRM));
	return failed;
}
