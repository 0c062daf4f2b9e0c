// SPDX-License-Identifier: MIT
/*
 * rawsite MODE [N]: raw time system calls from the call sites `run` patches
 * (image/runtime/callsite.h), checking what a system call must keep.
 *   libc N     N syscall(SYS_clock_gettime, CLOCK_REALTIME) through libc's
 *              syscall(3); then getpid and gettid through the same function
 *              must still be real calls: prints "YEAR ok"
 *   inline N   N of `mov $228,%eax; syscall` (asm): every register but rax,
 *              rcx and r11, the carry flag and the 128-byte red zone below
 *              the stack pointer come back unchanged: "YEAR ok"
 *   inline16 N the same at a site 5 bytes past a 16-byte boundary, which
 *              only a 16-byte store can patch
 *   rex N      N calls from a site whose bytes only look like the inline
 *              shape (mov $228,%r8d): never patched
 *   threads N  8 threads make N calls each through syscall(3), all at once
 *              (the site is patched while the others trap): each reading
 *              is after the one before: "YEAR ok"
 *   fork N     N calls, then a child makes N more through the same site
 *   exec N     N calls, then execve of `date +%Y` through syscall(3)
 *   mdwe N     prctl(PR_SET_MDWE) first, which forbids writable code, then
 *              as libc: "YEAR ok", or "no-mdwe" on a kernel without it
 *   loop N     for ever: N calls through syscall(3), "YEAR SITE", 50 ms
 *   sandbox N  a seccomp filter of its own first, which kills the process
 *              for an mprotect that asks for PROT_EXEC, then as libc
 * After "ok" (and in loop's lines) SITE says what the call site's code is
 * now: "patched" (a jmp where the instruction before its syscall was) or
 * "as-is".
 * Exit 1 with a message on the first thing that came back wrong.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if __has_include(<linux/seccomp.h>)
#include <stddef.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#define HAVE_SECCOMP_H 1
#endif

#define PATTERN 0x5a5a0000a5a50000ull
#define NREGS 11

/* Filled by inline_call after its system call. */
uint64_t rs_regs[NREGS], rs_zone[16], rs_rax;
unsigned char rs_cf;

/* inline_call (the site 16-byte aligned: one 8-byte store patches it) and
 * inline_call16 (the site 5 bytes in: only a 16-byte store does). */
#define INLINE_CALL(name, pad) \
__asm__(".text\n" \
	".globl " name "\n" \
	name ":\n" \
	"	push %rbx\n" \
	"	push %rbp\n" \
	"	push %r12\n" \
	"	push %r13\n" \
	"	push %r14\n" \
	"	push %r15\n" \
	"	mov %rdi, %rsi\n" \
	"	xor %edi, %edi\n" \
	"	movabs $0x5a5a0000a5a50001, %rbx\n" \
	"	movabs $0x5a5a0000a5a50002, %rbp\n" \
	"	movabs $0x5a5a0000a5a50003, %r12\n" \
	"	movabs $0x5a5a0000a5a50004, %r13\n" \
	"	movabs $0x5a5a0000a5a50005, %r14\n" \
	"	movabs $0x5a5a0000a5a50006, %r15\n" \
	"	movabs $0x5a5a0000a5a50007, %rdx\n" \
	"	movabs $0x5a5a0000a5a50008, %r8\n" \
	"	movabs $0x5a5a0000a5a50009, %r9\n" \
	"	movabs $0x5a5a0000a5a5000a, %r10\n" \
	"	xor %ecx, %ecx\n" \
	"1:	movabs $0x5a5a0000a5a50100, %rax\n" \
	"	add %rcx, %rax\n" \
	"	mov %rax, -128(%rsp,%rcx,8)\n" \
	"	inc %ecx\n" \
	"	cmp $16, %ecx\n" \
	"	jne 1b\n" \
	"	stc\n" \
	"	.p2align 4\n" \
	pad \
	".globl " name "_site\n" \
	name "_site:\n" \
	"	mov $228, %eax\n" \
	"	syscall\n" \
	"	setc rs_cf(%rip)\n" \
	"	mov %rax, rs_rax(%rip)\n" \
	"	mov %rbx, rs_regs+0(%rip)\n" \
	"	mov %rbp, rs_regs+8(%rip)\n" \
	"	mov %r12, rs_regs+16(%rip)\n" \
	"	mov %r13, rs_regs+24(%rip)\n" \
	"	mov %r14, rs_regs+32(%rip)\n" \
	"	mov %r15, rs_regs+40(%rip)\n" \
	"	mov %rdx, rs_regs+48(%rip)\n" \
	"	mov %r8, rs_regs+56(%rip)\n" \
	"	mov %r9, rs_regs+64(%rip)\n" \
	"	mov %r10, rs_regs+72(%rip)\n" \
	"	mov %rdi, rs_regs+80(%rip)\n" \
	"	lea rs_zone(%rip), %rax\n" \
	"	xor %ecx, %ecx\n" \
	"2:	mov -128(%rsp,%rcx,8), %r11\n" \
	"	mov %r11, (%rax,%rcx,8)\n" \
	"	inc %ecx\n" \
	"	cmp $16, %ecx\n" \
	"	jne 2b\n" \
	"	pop %r15\n" \
	"	pop %r14\n" \
	"	pop %r13\n" \
	"	pop %r12\n" \
	"	pop %rbp\n" \
	"	pop %rbx\n" \
	"	mov rs_rax(%rip), %rax\n" \
	"	ret\n")

long inline_call(struct timespec *ts);
long inline_call16(struct timespec *ts);
extern const unsigned char inline_call_site[], inline_call16_site[];
INLINE_CALL("inline_call", "");
INLINE_CALL("inline_call16", "	.byte 0x90, 0x90, 0x90, 0x90, 0x90\n");

/* clock_gettime made by `mov $228,%r8d; syscall`, eax set before: the 5
 * bytes before the syscall read as mov $228,%eax but are not one
 * instruction (a REX prefix comes first), so they must stay as they are. */
long rex_call(struct timespec *ts);
__asm__(".text\n"
	".globl rex_call\n"
	"rex_call:\n"
	"	mov %rdi, %rsi\n"
	"	xor %edi, %edi\n"
	"	mov $228, %eax\n"
	"	.p2align 4\n"
	"	nop\n"
	"	mov $228, %r8d\n"
	"	syscall\n"
	"	ret\n");


/* What the 5 bytes before the first syscall instruction in the code at fn
 * are now. */
static const char *site_state(const void *fn)
{
	const unsigned char *p = fn;

	for (int i = 5; i < 64; i++)
		if (p[i] == 0x0f && p[i + 1] == 0x05)
			return p[i - 5] == 0xe9 ? "patched" : "as-is";
	return "no-syscall";
}

static void fail(const char *what)
{
	fprintf(stderr, "rawsite: %s\n", what);
	exit(1);
}

static int year_of(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

/* N reads through syscall(3), each after (or at) the one before. */
static time_t libc_reads(long n)
{
	struct timespec ts, last = { 0, 0 };

	for (long i = 0; i < n; i++) {
		if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts))
			fail("clock_gettime failed");
		if (ts.tv_sec < last.tv_sec ||
		    (ts.tv_sec == last.tv_sec && ts.tv_nsec < last.tv_nsec))
			fail("the clock went backwards");
		last = ts;
	}
	return last.tv_sec;
}

static void check_other_calls(void)
{
	if (syscall(SYS_getpid) != getpid() || syscall(SYS_gettid) != gettid())
		fail("getpid or gettid through the patched syscall(3) came back wrong");
	if (syscall(SYS_clock_gettime, 12345, NULL) != -1)
		fail("a bad clock id did not fail");
}

static time_t inline_reads(long (*call)(struct timespec *), long n)
{
	struct timespec ts = { 0, 0 };

	for (long i = 0; i < n; i++) {
		memset(rs_regs, 0, sizeof(rs_regs));
		rs_cf = 0;
		if (call(&ts))
			fail("the inline clock_gettime failed");
		for (int r = 0; r < NREGS - 1; r++)
			if (rs_regs[r] != PATTERN + (uint64_t)r + 1)
				fail("a register changed across the system call");
		if (rs_regs[NREGS - 1])
			fail("rdi changed across the system call");
		if (!rs_cf)
			fail("the flags changed across the system call");
		for (int z = 0; z < 16; z++)
			if (rs_zone[z] != PATTERN + 0x100 + (uint64_t)z)
				fail("the red zone changed across the system call");
	}
	return ts.tv_sec;
}

/* A sandbox's policy: an executable mapping made by mprotect kills. */
static void sandbox(void)
{
#ifdef HAVE_SECCOMP_H
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		fail("cannot install the sandbox's filter");
#else
	fail("built without linux/seccomp.h");
#endif
}

static pthread_barrier_t start;
static long per_thread;

static void *reader(void *arg)
{
	pthread_barrier_wait(&start);
	*(time_t *)arg = libc_reads(per_thread);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long n = argc > 2 ? atol(argv[2]) : 1000;
	const void *site = (const void *)syscall;
	time_t t = 0;

	if (!strcmp(mode, "libc") || !strcmp(mode, "mdwe") || !strcmp(mode, "sandbox")) {
		if (*mode == 'm' && prctl(65 /* PR_SET_MDWE */, 1, 0, 0, 0)) {
			puts("no-mdwe");
			return 0;
		}
		if (*mode == 's')
			sandbox();
		t = libc_reads(n);
		check_other_calls();
	} else if (!strcmp(mode, "inline")) {
		t = inline_reads(inline_call, n);
		site = inline_call_site - 5;
	} else if (!strcmp(mode, "rex")) {
		struct timespec ts;

		for (long i = 0; i < n; i++)
			if (rex_call(&ts))
				fail("the clock_gettime after a REX prefix failed");
		t = ts.tv_sec;
		site = (const void *)rex_call;
	} else if (!strcmp(mode, "inline16")) {
		t = inline_reads(inline_call16, n);
		site = inline_call16_site - 5;
	} else if (!strcmp(mode, "loop")) {
		for (;;) {
			printf("%d %s\n", year_of(libc_reads(n)), site_state(site));
			fflush(stdout);
			usleep(50000);
		}
	} else if (!strcmp(mode, "threads")) {
		pthread_t th[8];
		time_t got[8];

		per_thread = n;
		pthread_barrier_init(&start, NULL, 8);
		for (int i = 0; i < 8; i++)
			if (pthread_create(&th[i], NULL, reader, &got[i]))
				fail("pthread_create");
		for (int i = 0; i < 8; i++)
			pthread_join(th[i], NULL);
		for (int i = 1; i < 8; i++)
			if (year_of(got[i]) != year_of(got[0]))
				fail("threads saw different years");
		t = got[0];
	} else if (!strcmp(mode, "fork")) {
		int st;
		pid_t pid;

		libc_reads(n);
		pid = fork();
		if (pid == 0) {
			t = libc_reads(n);
			check_other_calls();
			printf("child %d ok\n", year_of(t));
			return 0;
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			fail("the child failed");
		t = libc_reads(n);
	} else if (!strcmp(mode, "exec")) {
		char *args[] = { "date", "-u", "+%Y", NULL };

		libc_reads(n);
		fflush(stdout);
		syscall(SYS_execve, "/bin/date", args, environ);
		fail("execve failed");
	} else {
		fprintf(stderr, "usage: rawsite libc|inline|inline16|rex|threads|fork|exec|mdwe|loop|sandbox [N]\n");
		return 2;
	}
	printf("%d ok %s\n", year_of(t), site_state(site));
	return 0;
}
