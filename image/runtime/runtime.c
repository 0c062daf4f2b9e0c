// SPDX-License-Identifier: MIT
/*
 * The in-process runtime: mapped by the installer at an address fixed for
 * the session, right after the kernel's vDSO, in every process of the tree.
 * The trap filter sends it, as SIGSYS, the system calls that must follow
 * the virtual clock; its handler answers them inside the process, in a few
 * hundred nanoseconds instead of a round trip to the supervisor, and with
 * the kernel's own semantics for signals (an interrupted wait returns
 * EINTR whatever SA_RESTART says, a clock read is never interrupted).
 * Its own system calls come from this fixed address range, which both
 * filters let through.
 *
 * Because SIGSYS is now part of the machinery, the program's view of it is
 * virtual: its rt_sigaction(SIGSYS) is recorded, not applied (and chained
 * to for a SIGSYS that is not ours), and SIGSYS is taken out of every mask
 * it sets (a blocked SIGSYS would make the kernel kill it at the next
 * trap).
 *
 * Freestanding, no relocations (runtime.lds keeps it one flat blob), no
 * writable data but its per-process page; reentrant (SA_NODEFER: a signal
 * handler of the program may make trapped calls while a wait of ours is
 * interrupted).
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include "clock/model.h"
#include "clock/seqread.h"
#include "fakeroot/table.h"
#include "supervise/abi.h"

/* Everything is reached rip-relative: no symbol may go through a GOT, which
 * a flat blob does not have. */
#pragma GCC visibility push(hidden)

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EFAULT 14
#define ENOTDIR 20
#define EINVAL 22
#define ENOSYS 38
#define ETIMEDOUT 110
#define EAGAIN 11

#define SIGSYS 31
#define SIGSYS_BIT (1ull << (SIGSYS - 1))
#define SIG_DFL 0
#define SIG_IGN 1
#define SA_SIGINFO 0x4ul
#define SA_RESTART 0x10000000ul
#define SA_ONSTACK 0x08000000ul
#define SA_RESTORER 0x04000000ul
#define SA_NODEFER 0x40000000ul
#define SA_RESETHAND 0x80000000ul
#define SYS_SECCOMP 1
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define TIMER_ABSTIME 1

#define NR_read 0
#define NR_open 2
#define NR_close 3
#define NR_rt_sigaction 13
#define NR_rt_sigprocmask 14
#define NR_rt_sigreturn 15
#define NR_pselect6 270
#define NR_ppoll 271
#define NR_epoll_pwait 281
#define NR_epoll_pwait2 441
#define NR_rt_sigsuspend 130
#define NR_rt_sigpending 127
#define NR_gettimeofday 96
#define NR_time 201
#define NR_futex 202
#define NR_clock_gettime 228
#define NR_clock_nanosleep 230
#define NR_timer_settime 223
#define NR_timerfd_settime 286
#define NR_getpid 39
#define NR_getppid 110
#define NR_execve 59
#define NR_execveat 322
#define NR_faccessat 269
#define AT_FDCWD (-100)
#define F_OK 0
#define NR_gettid 186
#define NR_tgkill 234
#define NR_restart_syscall 219

#define FUTEX_CLOCK_REALTIME 256

struct k_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct k_itimerspec {
	struct k_timespec it_interval;
	struct k_timespec it_value;
};

/* The parts of x86_64's siginfo and ucontext the handler reads and writes. */
struct k_siginfo_sys {
	int32_t si_signo;
	int32_t si_errno;		/* SECCOMP_RET_DATA */
	int32_t si_code;
	int32_t pad;
	uint64_t call_addr;
	int32_t syscall;
	uint32_t arch;
};

enum { R8, R9, R10, R11, R12, R13, R14, R15, RDI, RSI, RBP, RBX, RDX, RAX, RCX, RSP, RIP };

struct k_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
	uint64_t gregs[23];		/* struct sigcontext: r8 .. rip, then the rest */
	uint64_t fpstate;
	uint64_t reserved[8];
	uint64_t uc_sigmask;
};

long rt_init(struct rt_data *d, uint64_t image_base, const int64_t *ns_offset);
void rt_sigsys(int sig, struct k_siginfo_sys *si, struct k_ucontext *uc);
void rt_restorer(void);

static inline long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define S(nr, a, b, c, d, e, f) sys6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/*
 * long rt_exec(nr, a0, ..., a5): a system call made on the last page of the
 * blob, which the trap filter lets through and the notify filter does
 * not: the supervisor sees it.  execve and execveat, so that the
 * supervisor injects the new program; fakeroot's calls it must answer
 * (fakestat.h).
 */
/* A function's body that makes system call nr (its first argument) with
 * the six after it: the C ABI's registers moved to the kernel's. */
#define SYSCALL_FROM_C_ARGS \
	"	mov %rdi, %rax\n" \
	"	mov %rsi, %rdi\n" \
	"	mov %rdx, %rsi\n" \
	"	mov %rcx, %rdx\n" \
	"	mov %r8, %r10\n" \
	"	mov %r9, %r8\n" \
	"	mov 8(%rsp), %r9\n" \
	"	syscall\n"

long rt_exec(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
__asm__(".section .rtexec, \"ax\", @progbits\n"
	".globl rt_exec\n"
	".type rt_exec, @function\n"
	"rt_exec:\n"
	SYSCALL_FROM_C_ARGS
	"	ret\n"
	".size rt_exec, .-rt_exec\n"
	".previous\n");

#define NOTIFIED(nr, a, b, c, d, e, f) \
	rt_exec(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/*
 * long rt_pass(nr, a0, ..., a5): a wait of the program's made again as it
 * was (its signal mask without SIGSYS, nothing converted), from its own
 * syscall instruction: a re-arm signal that ends it finds it by that
 * address (rt_pass_ret) and resumes it for the time left, where the
 * runtime's own sliced waits take the EINTR as the news of a change.
 */
long rt_pass(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
extern const char rt_pass_ret[];
__asm__(".text\n"
	".globl rt_pass, rt_pass_ret\n"
	".type rt_pass, @function\n"
	"rt_pass:\n"
	SYSCALL_FROM_C_ARGS
	"rt_pass_ret:\n"
	"	ret\n"
	".size rt_pass, .-rt_pass\n");

#define PASS(nr, a, b, c, d, e, f) \
	rt_pass(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* The signal frame returns through here: rt_sigreturn from the fixed range. */
__asm__(".text\n"
	".globl rt_restorer\n"
	".type rt_restorer, @function\n"
	"rt_restorer:\n"
	"	mov $15, %eax\n"
	"	syscall\n"
	"	ud2\n"
	".size rt_restorer, .-rt_restorer\n");

static inline struct rt_data *data(void)
{
	extern struct rt_data vdsotool_rt_data __attribute__((visibility("hidden")));

	return &vdsotool_rt_data;
}

static inline const struct vclock_session *session(const struct rt_data *d)
{
	return (const struct vclock_session *)(uintptr_t)(d->image_base - SESSION_PAGE_BELOW_IMAGE);
}

static inline struct vclock_stats *stats_page(const struct rt_data *d)
{
	return (struct vclock_stats *)(uintptr_t)(d->image_base - SESSION_STATS_BELOW_IMAGE);
}

/* One more of a --stats counter (the stats page is the tree's, shared). */
#define STATS_ADD(d, counter)                                                               \
	do {                                                                                \
		if (session(d)->stats_enabled)                                              \
			__atomic_fetch_add(&stats_page(d)->counter, 1, __ATOMIC_RELAXED);    \
	} while (0)

/*
 * The program's pointers are used as the kernel's vDSO uses them: directly
 * (a wild one faults in the program, as it would in the vDSO); NULL is
 * refused with EFAULT, as the system call would.
 */
static int copy_in(void *dst, uint64_t src, uint64_t len)
{
	const volatile unsigned char *from = (const volatile unsigned char *)(uintptr_t)src;
	unsigned char *to = dst;
	uint64_t i;

	if (!src)
		return -EFAULT;
	for (i = 0; i < len; i++)
		to[i] = from[i];
	return 0;
}

static int copy_out(uint64_t dst, const void *src, uint64_t len)
{
	volatile unsigned char *to = (volatile unsigned char *)(uintptr_t)dst;
	const unsigned char *from = src;
	uint64_t i;

	if (!dst)
		return -EFAULT;
	for (i = 0; i < len; i++)
		to[i] = from[i];
	return 0;
}

static long self_pid(void)
{
	return S(NR_getpid, 0, 0, 0, 0, 0, 0);
}

/* ---- the clock ---- */

typedef int (*clock_gettime_fn)(int, struct k_timespec *);

/* The real clock: through the kernel's vDSO at the fixed address, or a
 * system call in an attached process, whose vDSO goes back at the detach
 * while the runtime stays. */
static int real_clock(const struct rt_data *d, int clk, struct k_timespec *ts)
{
	clock_gettime_fn orig = (clock_gettime_fn)(uintptr_t)session(d)->orig_clock_gettime;

	if (orig && !d->syscall_clock)
		return orig(clk, ts);
	return (int)S(NR_clock_gettime, clk, ts, 0, 0, 0, 0);
}

/* The virtual reading of clk now, in this process's time namespace; the
 * real one when clk is not virtual (any more: a detached session's
 * programs keep their runtime, and their filter sends it the calls). */
static int virtual_now(const struct rt_data *d, int clk, int64_t *ns)
{
	const struct vclock_session *s = session(d);
	int64_t off = (unsigned)clk < INSTALL_NCLOCKS ? d->ns_offset[clk] : 0;
	struct vclock_base base;
	struct k_timespec ts;
	uint64_t rate;
	uint32_t seq;
	int ret, virt;

	do {
		seq = read_begin(s);
		ret = real_clock(d, clk, &ts);
		if (ret)
			return ret;
		virt = vclock_is_virtual(s, clk);
		load_params(s, clk, &rate, &base);
	} while (read_retry(s, seq));
	*ns = vclock_ts_to_ns(ts.tv_sec, ts.tv_nsec);
	if (virt)
		*ns = vclock_apply(rate, &base, *ns - off) + off;
	return 0;
}

/* ceil(n * 2^32 / d) for n >= 0, saturating: one divq, no libgcc. */
static uint64_t scale_up(uint64_t n, uint64_t d)
{
	uint64_t hi = n >> 32, lo = n << 32, q, r;

	if (hi >= d)
		return UINT64_MAX;
	__asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "r"(d));
	return r ? q + 1 : q;
}

/* The real reading of clk at which the session's model of it (virtual or
 * not: a detached session keeps its last one) shows virtual ns, in this
 * process's namespace, rounded up; a frozen clock counts as rate 1. */
static int64_t model_deadline(const struct rt_data *d, int clk, int64_t virt)
{
	const struct vclock_session *s = session(d);
	int64_t off = d->ns_offset[clk];
	struct vclock_base base, *b = &base;
	uint64_t rate, up;
	uint32_t seq;
	__int128 delta, real;

	do {
		seq = read_begin(s);
		load_params(s, clk, &rate, &base);
	} while (read_retry(s, seq));
	if (!rate)
		rate = VCLOCK_RATE_ONE;
	delta = (__int128)virt - off - b->virt_ns;

	if (delta > 0) {
		up = delta > INT64_MAX ? UINT64_MAX : scale_up((uint64_t)delta, rate);
		delta = up > INT64_MAX ? (__int128)INT64_MAX : (__int128)up;
	}
	real = (__int128)b->real_ns + delta + off;
	if (real > INT64_MAX)
		return INT64_MAX;
	if (real < 0)
		return 0;
	return (int64_t)real;
}

static int is_virtual(const struct rt_data *d, int clk)
{
	return vclock_is_virtual(session(d), clk);
}

/* The real reading of clk at which it will show virt: virt itself once clk
 * is not virtual (after a detach a deadline in the virtual future waits
 * for the real clock, as after a settimeofday). */
static int64_t real_deadline(const struct rt_data *d, int clk, int64_t virt)
{
	return is_virtual(d, clk) ? model_deadline(d, clk, virt) : virt;
}

static long do_clock_gettime(const struct rt_data *d, long clk, uint64_t tsp)
{
	struct k_timespec ts;
	int64_t ns, sec, nsec;
	int ret = virtual_now(d, (int)clk, &ns);

	if (ret)
		return ret;
	vclock_ns_to_ts(ns, &sec, &nsec);
	ts.tv_sec = sec;
	ts.tv_nsec = nsec;
	return copy_out(tsp, &ts, sizeof(ts));
}

static long do_gettimeofday(const struct rt_data *d, uint64_t tvp, uint64_t tzp)
{
	struct k_timespec tv;
	int64_t ns, sec, nsec;
	long ret;

	if (tzp) {
		/* The kernel's sys_tz, as the real call gives it. */
		ret = S(NR_gettimeofday, 0, tzp, 0, 0, 0, 0);
		if (ret)
			return ret;
	}
	if (!tvp)
		return 0;
	ret = virtual_now(d, 0, &ns);
	if (ret)
		return ret;
	vclock_ns_to_ts(ns, &sec, &nsec);
	tv.tv_sec = sec;
	tv.tv_nsec = nsec / 1000;
	return copy_out(tvp, &tv, sizeof(tv));
}

static long do_time(const struct rt_data *d, uint64_t tp)
{
	int64_t ns, sec, nsec;
	long ret = virtual_now(d, 5, &ns);

	if (ret)
		return ret;
	vclock_ns_to_ts(ns, &sec, &nsec);
	if (tp && copy_out(tp, &sec, sizeof(sec)))
		return -EFAULT;
	return sec;
}

/* Tells the supervisor this thread waits for until on clk (struct rt_wait):
 * a slot claimed (-1), filled, then named by the thread's id. */
static struct rt_wait *wait_publish(const struct rt_data *cd, int clk, int64_t until)
{
	struct rt_data *d = (struct rt_data *)cd;
	int32_t free_slot = 0;
	int i;

	for (i = 0; i < RT_WAIT_SLOTS; i++) {
		struct rt_wait *w = &d->waits[i];

		if (__atomic_load_n(&w->tid, __ATOMIC_RELAXED) ||
		    !__atomic_compare_exchange_n(&w->tid, &free_slot, -1, 0, __ATOMIC_ACQUIRE,
						 __ATOMIC_RELAXED)) {
			free_slot = 0;
			continue;
		}
		w->clk = clk;
		w->until = until - ((unsigned)clk < INSTALL_NCLOCKS ? d->ns_offset[clk] : 0);
		__atomic_store_n(&w->tid, (int32_t)S(NR_gettid, 0, 0, 0, 0, 0, 0), __ATOMIC_RELEASE);
		return w;
	}
	return NULL;
}

static void wait_unpublish(struct rt_wait *w)
{
	if (w)
		__atomic_store_n(&w->tid, 0, __ATOMIC_RELEASE);
}

/*
 * An absolute sleep on a virtual clock: the real clock_nanosleep until the
 * real instant the deadline stands for.  It is slept in slices of at most
 * a fifth of a second, each re-computed from the session page, so that a
 * live change of the clock (vdsotool ctl) reaches sleepers too.  A frozen
 * clock does not move: a deadline in its future waits until it does.  A
 * signal handler ends the sleep with EINTR, as the kernel's ABSTIME sleep
 * does whatever SA_RESTART says.
 */
#define SLICE_NS 200000000LL

/* The supervisor's re-arm SIGSYSes taken so far (rt_sigsys counts them). */
static uint64_t rearms_now(const struct rt_data *d)
{
	return __atomic_load_n(&d->rearm_signals, __ATOMIC_RELAXED);
}

/* Whether a slice of a wait that returned ret was ended by a re-arm
 * SIGSYS that came since before (rearms_now() as the slice began): no
 * signal of the program's, so the wait goes on. */
static int rearm_ended_since(const struct rt_data *d, uint64_t before, long ret)
{
	return ret == -EINTR && rearms_now(d) != before;
}
#define WARP_SLICE_NS 10000000LL

/* Under --warp the supervisor may move the clock at any moment: waits on
 * other things than the session page look at it every 10 ms. */
static int64_t slice_max(const struct rt_data *d)
{
	return session(d)->warp ? WARP_SLICE_NS : SLICE_NS;
}

/* Signals a thread may not block: the CPU's faults, and SIGSYS, which the
 * runtime's own traps need. */
#define SYNC_SIGNAL_BITS ((1ull << 3) | (1ull << 4) | (1ull << 6) | (1ull << 7) | \
			  (1ull << 10) | SIGSYS_BIT) /* SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV */

/*
 * An absolute sleep on a virtual clock: on the real clock, in slices
 * re-computed from the session page.  Signals stay blocked while the next
 * slice is worked out and each slice opens them atomically (ppoll's mask),
 * so that a signal coming at any moment ends the sleep with EINTR, as the
 * kernel's does: one coming between two clock_nanosleep slices used to run
 * its handler while the sleep went on.  The supervisor's re-arm SIGSYS is
 * no signal of the program's: it ends nothing.
 */
static long do_abs_sleep(const struct rt_data *d, int clk, uint64_t reqp)
{
	const uint64_t block = ~SYNC_SIGNAL_BITS;
	struct k_timespec req, now, slice;
	int64_t virt, real, now_ns, real_now, sec, nsec;
	struct rt_wait *slot;
	uint64_t mask, rearms;
	long ret;

	if (copy_in(&req, reqp, sizeof(req)))
		return -EFAULT;
	if (req.tv_nsec < 0 || req.tv_nsec >= VCLOCK_NSEC_PER_SEC || req.tv_sec < 0)
		return -EINVAL;
	virt = vclock_ts_to_ns(req.tv_sec, req.tv_nsec);
	if (S(NR_rt_sigprocmask, SIG_BLOCK, &block, &mask, 8, 0, 0))
		return -EINVAL;
	slot = wait_publish(d, clk, virt);
	for (;;) {
		if (virtual_now(d, clk, &now_ns) || real_clock(d, clk, &now)) {
			ret = -EINVAL;
			break;
		}
		if (now_ns >= virt) {
			ret = 0;
			break;
		}
		real = __atomic_load_n(&session(d)->rate_q32, __ATOMIC_RELAXED) ||
				       !is_virtual(d, clk) ? real_deadline(d, clk, virt) : INT64_MAX;
		real_now = vclock_ts_to_ns(now.tv_sec, now.tv_nsec);
		real = real > real_now ? real - real_now : 0;
		vclock_ns_to_ts(real > slice_max(d) ? slice_max(d) : real, &sec, &nsec);
		slice.tv_sec = sec;
		slice.tv_nsec = nsec;
		rearms = rearms_now(d);
		ret = S(NR_ppoll, 0, 0, &slice, &mask, 8, 0);
		if (rearm_ended_since(d, rearms, ret))
			continue;
		if (ret < 0)
			break;
	}
	wait_unpublish(slot);
	S(NR_rt_sigprocmask, SIG_SETMASK, &mask, 0, 8, 0, 0);
	return ret;
}

/* An absolute deadline on a virtual clock, converted in place to the real
 * instant it stands for (for futex, timerfd and POSIX timers). */
static void to_real(const struct rt_data *d, int clk, struct k_timespec *ts)
{
	int64_t real = real_deadline(d, clk, vclock_ts_to_ns(ts->tv_sec, ts->tv_nsec)), sec, nsec;

	vclock_ns_to_ts(real, &sec, &nsec);
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
}

/* The futex operations whose timeout is an absolute time: FUTEX_LOCK_PI's
 * on CLOCK_REALTIME, the others' on CLOCK_REALTIME with the flag, else on
 * CLOCK_MONOTONIC.  (FUTEX_WAIT's timeout is relative whatever the flag.) */
#define FUTEX_WAIT 0
#define FUTEX_LOCK_PI 6
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_LOCK_PI2 13
#define NR_futex_waitv 449

static long do_futex_wait(const struct rt_data *d, const uint64_t *a);

/*
 * One slice of a futex wait on the program's word that a change of the
 * clock ends too: futex_waitv on the word and on the session page's seq,
 * which every change (vdsotool ctl, a --warp) wakes, so that the wait
 * looks at the new clock at once instead of at the end of its slice.
 * until: the slice's real end, absolute on clk (MONOTONIC or REALTIME).
 * Returns 0 (woken on the word), -EAGAIN (the word is not val),
 * -ETIMEDOUT (the slice ended or the clock changed: look again), -errno.
 * Without futex_waitv (before Linux 5.16, or refused), the word alone.
 */
#define FUTEX_PRIVATE_FLAG 128
#define CLOCK_REALTIME 0
#define FUTEX2_SIZE_U32 2
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

struct k_futex_waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

static long futex_slice(const struct rt_data *d, uint64_t uaddr, uint64_t op, uint32_t val, int clk,
			const struct k_timespec *until)
{
	const struct vclock_session *s = session(d);
	uint32_t priv = (uint32_t)op & FUTEX_PRIVATE_FLAG;
	struct k_futex_waitv w[2] = {
		{ val, uaddr, FUTEX2_SIZE_U32 | priv, 0 },
		{ __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE), (uint64_t)(uintptr_t)&s->seq,
		  FUTEX2_SIZE_U32, 0 },
	};
	long ret = S(NR_futex_waitv, w, 2, 0, until, clk, 0);

	if (ret == 0)
		return 0;
	if (ret == 1)
		return -ETIMEDOUT;
	if (ret == -EAGAIN)
		return *(const volatile uint32_t *)(uintptr_t)uaddr == val ? -ETIMEDOUT : -EAGAIN;
	/* An old kernel, or a container's seccomp profile that does not
	 * know the call: the word alone. */
	if (ret != -ENOSYS && ret != -EPERM)
		return ret;
	return S(NR_futex, uaddr,
		 FUTEX_WAIT_BITSET | priv | (clk == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0), val,
		 until, 0, FUTEX_BITSET_MATCH_ANY);
}

/*
 * The real deadline for one slice of an absolute wait for virt on clk: the
 * real instant virt stands for, or a slice from now if that is sooner (a
 * live change, or a --warp, then reaches the wait).  0 when virt has come.
 */
static int abs_slice(const struct rt_data *d, int clk, int64_t virt, struct k_timespec *t)
{
	struct k_timespec now;
	int64_t v, real;

	if (virtual_now(d, clk, &v) || v >= virt)
		return 0;
	real = real_deadline(d, clk, virt);
	if (real_clock(d, clk, &now) == 0) {
		int64_t r = vclock_ts_to_ns(now.tv_sec, now.tv_nsec);

		if (real - r > slice_max(d))
			real = r + slice_max(d);
	}
	vclock_ns_to_ts(real, &v, &real);
	t->tv_sec = v;
	t->tv_nsec = real;
	return 1;
}

/* An absolute futex wait (FUTEX_WAIT_BITSET, futex_waitv) in slices until
 * it ends for another reason than the time, or the virtual deadline. */
static long futex_abs_wait(const struct rt_data *d, long nr, const uint64_t *a, int clk,
			   int ts_arg)
{
	uint64_t args[6] = { a[0], a[1], a[2], a[3], a[4], a[5] };
	struct k_timespec t;
	struct rt_wait *slot;
	int64_t virt;
	long ret = -ETIMEDOUT;

	if (copy_in(&t, a[ts_arg], sizeof(t)))
		return -EFAULT;
	virt = vclock_ts_to_ns(t.tv_sec, t.tv_nsec);
	slot = wait_publish(d, clk, virt);
	args[ts_arg] = (uint64_t)(uintptr_t)&t;
	while (abs_slice(d, clk, virt, &t)) {
		uint64_t rearms = rearms_now(d);

		/* glibc's and musl's waits match any bitset: futex_waitv can
		 * stand for them, and a change then wakes them. */
		if (nr == NR_futex && (uint32_t)a[5] == FUTEX_BITSET_MATCH_ANY)
			ret = futex_slice(d, a[0], a[1], (uint32_t)a[2], clk, &t);
		else
			ret = S(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
		if (rearm_ended_since(d, rearms, ret))
			continue;
		if (ret != -ETIMEDOUT)
			break;
	}
	wait_unpublish(slot);
	return ret;
}

static long do_futex(const struct rt_data *d, const uint64_t *a)
{
	long cmd = (long)(a[1] & 0x7f);
	int clk = cmd == FUTEX_LOCK_PI || (a[1] & FUTEX_CLOCK_REALTIME) ? 0 : 1;
	struct rt_wait *slot;
	struct k_timespec t;
	long ret;

	if (cmd == FUTEX_WAIT && a[3])
		return do_futex_wait(d, a);
	if (!a[3] || !is_virtual(d, clk) ||
	    (cmd != FUTEX_LOCK_PI && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI &&
	     cmd != FUTEX_LOCK_PI2))
		return PASS(NR_futex, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (cmd == FUTEX_WAIT_BITSET)
		return futex_abs_wait(d, NR_futex, a, clk, 3);
	/* The PI operations take the lock when they return 0: one call, its
	 * deadline converted once. */
	if (copy_in(&t, a[3], sizeof(t)))
		return -EFAULT;
	slot = wait_publish(d, clk, vclock_ts_to_ns(t.tv_sec, t.tv_nsec));
	to_real(d, clk, &t);
	ret = S(NR_futex, a[0], a[1], a[2], &t, a[4], a[5]);
	wait_unpublish(slot);
	return ret;
}

static long do_futex_waitv(const struct rt_data *d, const uint64_t *a)
{
	if (!a[3] || !is_virtual(d, (int)a[4]))
		return S(NR_futex_waitv, a[0], a[1], a[2], a[3], a[4], 0);
	return futex_abs_wait(d, NR_futex_waitv, a, (int)a[4], 3);
}

/* ---- reading /proc/self for the clock of a timer ---- */

static int parse_uint(const char *p, long *v)
{
	long n = 0;
	int any = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	while (*p >= '0' && *p <= '9') {
		n = n * 10 + (*p++ - '0');
		any = 1;
	}
	*v = n;
	return any ? 0 : -1;
}

static int starts(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

/* The value after "key" on the line of buf that starts with key, in the
 * section that starts with the line "section" (or anywhere: NULL). */
static int find_field(const char *buf, const char *section, const char *key, long *v)
{
	const char *p = buf;
	int in = section == NULL;

	while (*p) {
		if (section && starts(p, section))
			in = 1;
		else if (section && in && starts(p, "ID:"))
			in = 0;
		if (in && starts(p, key)) {
			while (*key) {
				key++;
				p++;
			}
			return parse_uint(p, v);
		}
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++;
	}
	return -1;
}

static long read_small(const char *path, char *buf, long len)
{
	long fd = S(NR_open, path, 0, 0, 0, 0, 0), n;

	if (fd < 0)
		return fd;
	n = S(NR_read, fd, buf, len - 1, 0, 0, 0);
	S(NR_close, fd, 0, 0, 0, 0, 0);
	if (n < 0)
		return n;
	buf[n] = 0;
	return n;
}

static void utoa(char *out, long v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*out++ = tmp[--n];
	*out = 0;
}

/* The clock of timerfd fd (fdinfo "clockid:"), or -1. */
static int timerfd_clock(long fd)
{
	char path[48] = "/proc/self/fdinfo/", buf[512];
	long clk;

	utoa(path + 18, fd);
	if (read_small(path, buf, sizeof(buf)) < 0 || find_field(buf, NULL, "clockid:", &clk))
		return -1;
	return (int)clk;
}

/* The clock of POSIX timer id (/proc/self/timers "ClockID:"), or -1. */
static int timer_clock(long id)
{
	char section[32] = "ID: ", buf[4096];
	long clk;

	utoa(section + 4, id);
	if (read_small("/proc/self/timers", buf, sizeof(buf)) < 0 ||
	    find_field(buf, section, "ClockID:", &clk))
		return -1;
	return (int)clk;
}

#include "waits.h"
#include "timers.h"
#include "fakestat.h"
#include "callsite.h"

/* ---- timer sets, kept for a live change (timers.h) ---- */

static long settime_kept(struct rt_data *d, long nr, const uint64_t *a)
{
	int clk = timer_clock_of(nr, (long)a[0]);
	uint64_t args[6] = { a[0], a[1], a[2], a[3], a[4], a[5] };
	struct k_itimerspec want;
	struct timer_model m;
	long ret;

	if (clk < 0 || !is_virtual(d, clk) || !a[2])
		return do_settime(d, nr, clk, a);
	if (copy_in(&want, a[2], sizeof(want)))
		return -EFAULT;
	timers_lock(d);
	/* Set again when the clock changed meanwhile: the conversion and the
	 * model kept must be the same one.  The old value is the first's. */
	for (;;) {
		model_now(d, clk, &m);
		ret = do_settime(d, nr, clk, args);
		if (ret || read_begin(session(d)) == m.seq)
			break;
		args[3] = 0;
	}
	if (!ret)
		timer_keep(d, nr == NR_timerfd_settime ? RT_TIMER_FD : RT_TIMER_POSIX, (int)a[0],
			   clk, (int)a[1], vclock_ts_to_ns(want.it_interval.tv_sec,
							   want.it_interval.tv_nsec), &m);
	timers_unlock(d);
	return ret;
}

/* setitimer(ITIMER_REAL) and alarm: one timer per process, on
 * CLOCK_MONOTONIC. */
static long itimer_kept(struct rt_data *d, long nr, const uint64_t *a)
{
	uint64_t args[6] = { a[0], a[1], a[2], a[3], a[4], a[5] };
	struct k_itimerval want = { { 0, 0 }, { 0, 0 } };
	struct timer_model m;
	long ret, first = -1;

	if (!is_virtual(d, CLOCK_MONOTONIC) || (nr == NR_setitimer && ((long)a[0] != ITIMER_REAL ||
								       !a[1])))
		return nr == NR_alarm ? do_alarm(d, a) : do_setitimer(d, a);
	if (nr == NR_setitimer && copy_in(&want, a[1], sizeof(want)))
		return -EFAULT;
	timers_lock(d);
	for (;;) {
		model_now(d, CLOCK_MONOTONIC, &m);
		ret = nr == NR_alarm ? do_alarm(d, args) : do_setitimer(d, args);
		if (ret < 0 || read_begin(session(d)) == m.seq)
			break;
		/* Set again; the old value is the first call's. */
		if (nr == NR_alarm)
			first = first < 0 ? ret : first;
		args[2] = 0;
	}
	if (first >= 0 && ret >= 0)
		ret = first;
	if (ret >= 0)
		timer_keep(d, RT_TIMER_ITIMER, 0, CLOCK_MONOTONIC, 0,
			   sat_add(vclock_ts_to_ns(want.it_interval.tv_sec, 0),
				   want.it_interval.tv_usec * NSEC_PER_USEC), &m);
	timers_unlock(d);
	return ret;
}

/* ---- the program's view of SIGSYS ---- */

static void lock(struct rt_data *d)
{
	while (__atomic_exchange_n(&d->lock, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
}

static void unlock(struct rt_data *d)
{
	__atomic_store_n(&d->lock, 0, __ATOMIC_RELEASE);
}

static long do_sigaction(struct rt_data *d, const uint64_t *a)
{
	struct rt_ksigaction act, old;

	if (a[3] != 8)
		return -EINVAL;
	if (a[1] && copy_in(&act, a[1], sizeof(act)))
		return -EFAULT;
	if ((long)a[0] == SIGSYS) {
		lock(d);
		old = d->prog_sigsys;
		if (a[1])
			d->prog_sigsys = act;
		unlock(d);
		return a[2] ? copy_out(a[2], &old, sizeof(old)) : 0;
	}
	if (!a[1])
		return S(NR_rt_sigaction, a[0], 0, a[2], 8, 0, 0);
	/* A handler that runs with SIGSYS blocked could not make a trapped
	 * call. */
	act.mask &= ~SIGSYS_BIT;
	return S(NR_rt_sigaction, a[0], &act, a[2], 8, 0, 0);
}

/* A call that takes a signal mask by pointer at argument i. */
static long with_mask(long nr, const uint64_t *a, int i)
{
	uint64_t args[6] = { a[0], a[1], a[2], a[3], a[4], a[5] }, mask;

	if (args[i]) {
		if (copy_in(&mask, args[i], sizeof(mask)))
			return -EFAULT;
		mask &= ~SIGSYS_BIT;
		args[i] = (uint64_t)(uintptr_t)&mask;
	}
	return PASS(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
}

/*
 * rt_sigprocmask is answered on the signal frame: the mask the thread gets
 * back when the handler returns is the frame's, so that is the one to
 * change (a real call from inside the handler would be undone by
 * rt_sigreturn).  The old mask is the frame's too: the thread's mask at the
 * call.  SIGSYS stays unblocked.
 */
static long do_sigprocmask(const uint64_t *a, struct k_ucontext *uc)
{
	uint64_t old = uc->uc_sigmask, set;

	if (a[3] != 8)
		return -EINVAL;
	if (a[1]) {
		if (copy_in(&set, a[1], sizeof(set)))
			return -EFAULT;
		switch (a[0]) {
		case SIG_BLOCK:
			uc->uc_sigmask = old | set;
			break;
		case SIG_UNBLOCK:
			uc->uc_sigmask = old & ~set;
			break;
		case SIG_SETMASK:
			uc->uc_sigmask = set;
			break;
		default:
			return -EINVAL;
		}
		/* SIGKILL and SIGSTOP cannot be blocked; neither can SIGSYS here. */
		uc->uc_sigmask &= ~(SIGSYS_BIT | (1ull << 8) | (1ull << 18));
	}
	if (a[2] && copy_out(a[2], &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * A SIGSYS that is not ours: what the program asked for.  Its handler is
 * called as the kernel would (with its mask added, SA_RESETHAND honoured);
 * SIG_DFL kills it with SIGSYS, SIG_IGN drops what can be dropped.
 */
static void chain(struct rt_data *d, struct k_siginfo_sys *si, struct k_ucontext *uc)
{
	struct rt_ksigaction act, dfl = { SIG_DFL, 0, 0, 0 };
	uint64_t old;

	lock(d);
	act = d->prog_sigsys;
	if (act.flags & SA_RESETHAND)
		d->prog_sigsys = dfl;
	unlock(d);
	if (act.handler == SIG_IGN && si->si_code != SYS_SECCOMP)
		return;
	if (act.handler == SIG_DFL || act.handler == SIG_IGN) {
		S(NR_rt_sigaction, SIGSYS, &dfl, 0, 8, 0, 0);
		S(NR_tgkill, self_pid(), S(NR_gettid, 0, 0, 0, 0, 0, 0), SIGSYS, 0, 0, 0);
		return;
	}
	act.mask &= ~SIGSYS_BIT;
	S(NR_rt_sigprocmask, SIG_BLOCK, &act.mask, &old, 8, 0, 0);
	if (act.flags & SA_SIGINFO)
		((void (*)(int, void *, void *))(uintptr_t)act.handler)(SIGSYS, si, uc);
	else
		((void (*)(int))(uintptr_t)act.handler)(SIGSYS);
	S(NR_rt_sigprocmask, SIG_SETMASK, &old, 0, 8, 0, 0);
}

/*
 * execve never fails with EINTR in the kernel, but under the supervisor it
 * waits for a seccomp notification, and a signal that comes before the
 * supervisor read it ends that wait: with a handler that has no
 * SA_RESTART the call would return EINTR.  Made again until it does not.
 */
static long do_exec(long nr, const uint64_t *a)
{
	uint64_t carry;
	long ret;

	/* Most failed execs are a PATH search's misses (a make runs twice as
	 * many as it runs programs): a file that is not there is said here,
	 * in one system call, not after a round trip to the supervisor that
	 * would only let the kernel say the same.  Anything else (EACCES, a
	 * bad pointer, a loop) is the kernel's to say, from the real call. */
	if (nr == NR_execve || (nr == NR_execveat && !a[4])) {
		ret = S(NR_faccessat, nr == NR_execve ? AT_FDCWD : (long)a[0],
			nr == NR_execve ? a[0] : a[1], F_OK, 0, 0, 0);
		if (ret == -ENOENT || ret == -ENOTDIR)
			return ret;
	}
	carry = timers_to_carry(data());
	do
		ret = NOTIFIED(nr, a[0], a[1], a[2], a[3], a[4], carry);
	while (ret == -EINTR);
	return ret;
}

static long emulate(struct rt_data *d, long nr, const uint64_t *a, struct k_ucontext *uc)
{
	switch (nr) {
	case NR_execve:
	case NR_execveat:
		return do_exec(nr, a);
	case NR_clock_gettime:
		return do_clock_gettime(d, (long)a[0], a[1]);
	case NR_gettimeofday:
		return do_gettimeofday(d, a[0], a[1]);
	case NR_time:
		return do_time(d, a[0]);
	case NR_clock_nanosleep:
		if (!(a[1] & TIMER_ABSTIME))
			return do_rel_sleep(d, nr, a);
		if (is_virtual(d, (int)a[0]))
			return do_abs_sleep(d, (int)a[0], a[2]);
		return PASS(nr, a[0], a[1], a[2], a[3], 0, 0);
	case NR_nanosleep:
		return do_rel_sleep(d, nr, a);
	case NR_futex:
		return do_futex(d, a);
	case NR_futex_waitv:
		return do_futex_waitv(d, a);
	case NR_timerfd_settime:
	case NR_timer_settime:
		return settime_kept(d, nr, a);
	case NR_timerfd_gettime:
	case NR_timer_gettime:
		return do_gettime(d, nr, a);
	case NR_setitimer:
	case NR_alarm:
		return itimer_kept(d, nr, a);
	case NR_getitimer:
		return do_getitimer(d, a);
	case NR_rt_sigtimedwait:
		return do_sigtimedwait(d, a);
	case NR_rt_sigaction:
		return do_sigaction(d, a);
	case NR_rt_sigprocmask:
		return do_sigprocmask(a, uc);
	case NR_rt_sigsuspend:
		return with_mask(nr, a, 0);
	case NR_poll:
	case NR_ppoll:
		return do_poll(d, nr, a);
	case NR_epoll_wait:
	case NR_epoll_pwait:
	case NR_epoll_pwait2:
		return do_epoll(d, nr, a);
	case NR_select:
	case NR_pselect6:
		return do_select(d, nr, a);
	case NR_stat:
	case NR_fstat:
	case NR_lstat:
	case NR_newfstatat:
	case NR_statx:
		return do_fakeroot_stat(d, nr, a);
	case NR_chown:
	case NR_fchown:
	case NR_lchown:
	case NR_fchownat:
		return do_fakeroot_chown(d, nr, a);
	case NR_fchmod:
		return do_fakeroot_fchmod(d, a);
	case NR_unlink:
	case NR_unlinkat:
	case NR_rmdir:
	case NR_rename:
	case NR_renameat:
	case NR_renameat2:
		return do_fakeroot_remove(d, nr, a);
	case NR_getuid:
	case NR_geteuid:
	case NR_getgid:
	case NR_getegid:
		return do_fakeroot_getid(d, nr);
	case NR_setuid:
	case NR_setgid:
	case NR_setreuid:
	case NR_setregid:
	case NR_setresuid:
	case NR_setresgid:
	case NR_setfsuid:
	case NR_setfsgid:
	case NR_setgroups:
		return do_fakeroot_setid(d, nr, a);
	default:
		/* Sent here by mistake: carry it out as asked. */
		return S(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
}

/* Whether a signal other than SIGSYS waits for this thread that the mask
 * it returns to lets in: its handler runs as this one returns, and the
 * kernel would have ended the wait for it. */
static int signal_coming(const struct k_ucontext *uc)
{
	uint64_t pending = 0;

	if (S(NR_rt_sigpending, &pending, 8, 0, 0, 0, 0))
		return 1;
	return (pending & ~uc->uc_sigmask & ~SIGSYS_BIT) != 0;
}

/* Whether pc lies in this blob: a wait of the runtime's own (but
 * rt_pass's), whose loop takes an EINTR as the news of a change. */
static int in_runtime(uint64_t pc)
{
	extern const char rt_header[];

	return pc >= (uint64_t)(uintptr_t)rt_header && pc < (uint64_t)(uintptr_t)data();
}

/*
 * The wait the supervisor saw this thread in (rt_rearm_repeat), which the
 * re-arm signal ended with EINTR: made again as the kernel restarts a
 * call, or for a timed one the time it had left (rt_timed_resumable: its
 * restart block, or the time left the kernel wrote back), so the program
 * never sees the signal.  The kernel's deadline stays right: a wait the
 * trap filter let through measures on a clock that does not move with the
 * session's changes (or ignores them, as it did before).  Not when a
 * signal of the program's ends it anyway: one pending now, or one of the
 * timers just moved, due at once (a warp to its deadline).  Its handler
 * would run on a frame that goes back into the wait (a sigsuspend loop
 * waiting for that handler would wait for ever); the EINTR is the one
 * that signal brings.
 */
static void repeat_ended_wait(const struct rt_data *d, const struct k_siginfo_sys *si,
			      struct k_ucontext *uc)
{
	const uint64_t a[6] = { uc->gregs[RDI], uc->gregs[RSI], uc->gregs[RDX],
				uc->gregs[R10], uc->gregs[R8], uc->gregs[R9] };
	struct rt_rearm_repeat r;
	int how;

	__builtin_memcpy(&r, (const char *)si + RT_REARM_REPEAT_AT, sizeof(r));
	if (!r.pc || uc->gregs[RIP] != r.pc || uc->gregs[RAX] != (uint64_t)-EINTR ||
	    rt_args_fold(a) != r.args_fold)
		return;
	if (rt_untimed_wait(r.nr, a)) {
		how = RT_RESUME_AGAIN;
	} else {
		how = rt_timed_resumable(r.nr, a);
		if (how == RT_RESUME_NONE ||
		    (r.nr != NR_restart_syscall && in_runtime(r.pc) &&
		     r.pc != (uint64_t)(uintptr_t)rt_pass_ret))
			return;
	}
	if (timers_signal_soon(d) || signal_coming(uc))
		return;
	if (how == RT_RESUME_RESTART) {
		/* Here, in the handler: its sigreturn ends the restart block. */
		uc->gregs[RAX] = (uint64_t)S(NR_restart_syscall, 0, 0, 0, 0, 0, 0);
		return;
	}
	uc->gregs[RAX] = (uint64_t)(int64_t)r.nr;
	uc->gregs[RIP] -= 2;
}

void rt_sigsys(int sig, struct k_siginfo_sys *si, struct k_ucontext *uc)
{
	struct rt_data *d = data();
	uint64_t a[6];

	(void)sig;
	if (is_rearm(si)) {
		__atomic_fetch_add(&d->rearm_signals, 1, __ATOMIC_RELAXED);
		timers_rearm(d);
		repeat_ended_wait(d, si, uc);
		return;
	}
	if (si->si_code != SYS_SECCOMP || si->si_errno != RT_MARKER) {
		chain(d, si, uc);
		return;
	}
	a[0] = uc->gregs[RDI];
	a[1] = uc->gregs[RSI];
	a[2] = uc->gregs[RDX];
	a[3] = uc->gregs[R10];
	a[4] = uc->gregs[R8];
	a[5] = uc->gregs[R9];
	/* Nothing else is written here: after a fork the data page is
	 * shared copy-on-write, and a write would copy it (a fault) in every
	 * child whose first trapped call is its execve. */
	STATS_ADD(d, runtime_calls);
	uc->gregs[RAX] = (uint64_t)emulate(d, si->syscall, a, uc);
	if (si->syscall == NR_clock_gettime || si->syscall == NR_gettimeofday ||
	    si->syscall == NR_time)
		patch_call_site(d, uc->gregs[RIP], si->syscall);
}

/*
 * Called by the installer in a new program: the data page, and SIGSYS
 * taken over with whatever the program inherited (SIG_IGN survives exec)
 * kept as its own disposition.
 */
long rt_init(struct rt_data *d, uint64_t image_base, const int64_t *ns_offset)
{
	uint64_t handler = (uint64_t)(uintptr_t)rt_sigsys, restorer = (uint64_t)(uintptr_t)rt_restorer;
	struct rt_ksigaction act;
	int i;

	/* Through a register: a compiler may otherwise keep the initialised
	 * struct as data with absolute addresses, which a flat blob cannot
	 * relocate (clang did). */
	__asm__("" : "+r"(handler), "+r"(restorer));
	act.handler = handler;
	/* SA_RESTART for the supervisor's re-arm signal: a read of a timerfd
	 * goes on.  (A trapped call is skipped, not interrupted: no restart
	 * applies to it.) */
	act.flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESTART | SA_RESTORER;
	act.restorer = restorer;
	act.mask = 0;

	d->magic = RT_DATA_MAGIC;
	d->image_base = image_base;
	for (i = 0; i < INSTALL_NCLOCKS; i++)
		d->ns_offset[i] = ns_offset[i];
	d->lock = 0;
	for (i = 0; i < RT_WAIT_SLOTS; i++)
		d->waits[i].tid = 0;
	/* The table does not survive an exec... */
	d->timer_lock = d->rearm_again = d->ntimers = 0;
	d->syscall_clock = 0;
	d->rearms = d->rearm_signals = 0;
	d->table_mapped = d->ring_size = 0;	/* the installer says, after this */
	d->ids_valid = 0;
	d->more_timers = 0;
	d->patch_lock = 0;
	d->patched = d->patch_off = 0;
	for (i = 0; i < RT_TIMER_SLOTS; i++)
		d->timers[i].kind = 0;
	/* ...but the kernel keeps some across it: those the old program
	 * kept are kept again; and a process attached had its own. */
	if (d->carry == RT_CARRY_ATTACH) {
		/* The process's vDSO is not moved yet: the real clock is
		 * read by system call, as vdsotool attach has it read from
		 * now on. */
		d->syscall_clock = 1;
		timers_adopt_attach(d);
	}
	else
		timers_adopt(d, d->carry);
	d->carry = 0;
	return S(NR_rt_sigaction, SIGSYS, &act, &d->prog_sigsys, 8, 0, 0);
}

/* At the start of the blob (struct rt_header): where the installer finds
 * rt_init.  The difference is resolved when the blob is linked. */
__asm__(".section .text.header, \"a\", @progbits\n"
	".globl rt_header\n"
	"rt_header:\n"
	"	.quad 0x7264726865747276\n"
	"	.quad rt_init - rt_header\n"
	"	.quad rt_exec - rt_header\n"
	".previous\n");
