/* SPDX-License-Identifier: MIT */
/*
 * The session ABI: what the supervisor, the replacement image (image/),
 * the image's linker script (through cpp) and the exec-time installer
 * must agree on.  Plain #defines come first so that the linker script can
 * include this file; C types follow behind __ASSEMBLER__/__LINKER__ guards.
 *
 * Layout in every process of the tree, around the address B that
 * AT_SYSINFO_EHDR names (where the kernel put its vDSO):
 *
 *   B - 3 pages   per-process page (namespace offsets) private, read-only
 *   B - 2 pages   stats page (--stats, fakeroot)     shared, writable
 *   B - 1 page    session page                        sealed memfd, read-only
 *   B             replacement image                   memfd, private, r-x
 *
 * and, at SESSION_FIXED_BASE, the kernel's own [vvar] [vvar_vclock] [vdso],
 * put there by the installer so that their fallback system calls come from
 * one address range the seccomp filter lets through.
 */
#ifndef SUPERVISE_ABI_H
#define SUPERVISE_ABI_H

#define SESSION_PAGE_SIZE 0x1000

/* The memfd: the session page at offset 0, the image right after it. */
#define SESSION_PAGE_OFF 0x0
#define SESSION_IMAGE_OFF 0x1000

/* Below the image, as the kernel keeps [vvar] below [vdso]. */
#define SESSION_PAGE_BELOW_IMAGE 0x1000
#define SESSION_STATS_BELOW_IMAGE 0x2000
#define SESSION_PROC_BELOW_IMAGE 0x3000

/*
 * Where the kernel's vDSO goes.  Inside every sanitizer's application
 * range on x86_64: ThreadSanitizer allows 0x7e8000000000 and up (LLVM 14,
 * GCC 12; "modules and main thread stack"), newer ThreadSanitizer
 * 0x7a0000000000 and up, MemorySanitizer 0x700000000000 and up,
 * AddressSanitizer all of high memory.  With 28 bits of mmap randomisation
 * the kernel's mmap base stays above 0x7eff00000000, so nothing is mapped
 * here when a program starts.
 */
#define SESSION_FIXED_BASE 0x7e8000000000

/* An arena of the session memfd shared read-only with every process,
 * when a command on run's supervisor has one (fakeroot's records:
 * src/fakeroot/table.h): 4 GiB above the fixed base, out of its way.
 * The installer maps its first SESSION_TABLE_FIRST_MAP bytes; the
 * runtime grows the mapping in place as the table grows, so that a
 * process under a small RLIMIT_AS is not refused 256 MiB it never uses. */
#define SESSION_TABLE_AT 0x7e8100000000
#define SESSION_TABLE_FIRST_MAP 0x40000
/* The writable ring the tree sends changes back through, 1 MiB below
 * the table (the stats memfd after its page; fakeroot/table.h). */
#define SESSION_RING_AT 0x7e80fff00000
#define SESSION_RING_MAX 0x100000

/* What the installer leaves in rax at its trap. */
#define INSTALL_OK 0
#define INSTALL_NOT_64BIT 1	/* an x32 or unknown stack layout: untouched */
#define INSTALL_NO_VDSO 2	/* no AT_SYSINFO_EHDR: untouched */
#define INSTALL_FIXED_BUSY 3	/* something is mapped at the fixed address: untouched */
#define INSTALL_MAP_FAILED 4	/* a mapping failed and was rolled back: untouched */
#define INSTALL_BROKEN 5	/* failed half way and could not roll back */

#define INSTALL_MAX_VMAS 4
#define INSTALL_NCLOCKS 12	/* VCLOCK_NCLOCKS */

/* The trap filter lies in the session page after struct vclock_session,
 * written once by the supervisor: every process maps it before the
 * installer installs the filter from there, and the installer's
 * parameters, which share the program's entry page, stay small. */
#define SESSION_TRAP_OFF 0x400
#define SESSION_TRAP_MAX_INSNS ((SESSION_PAGE_SIZE - SESSION_TRAP_OFF) / 8)

/*
 * The in-process runtime (image/runtime/): its text follows the kernel's
 * span at the fixed address, its per-process data page follows its text,
 * so the seccomp filters let the system calls it makes on a program's
 * behalf through by instruction pointer.  Its SIGSYS handler answers the
 * calls the trap filter sends it; SECCOMP_RET_DATA carries RT_MARKER so
 * that a SIGSYS of the program's own (its own filter, kill) is told apart.
 */
#define RT_MARKER 0x7664
/* A system call number no kernel has: the trap filter answers it with
 * RT_PROBE_ERRNO, so an installer can tell whether the filter is there. */
#define RT_PROBE_NR 0x7664
#define RT_PROBE_ERRNO 0x5a5
#define RT_DATA_MAGIC 0x6174616474727664ull /* "vdrtdata" */

#if !defined(__ASSEMBLER__) && !defined(__LINKER__)
#include <asm/unistd_64.h>
#include <stdint.h>

/*
 * The installer's parameters, placed by the supervisor right after the
 * installer's code in the tracee (it reads them rip-relative).  Everything
 * but the two descriptors is the same for every exec of the session.
 */
struct install_params {
	uint64_t magic;
	int32_t fd;			/* the session memfd, as numbered in the tracee */
	int32_t stats_fd;		/* the stats memfd, or -1 */
	uint64_t image_size;		/* page-rounded */
	uint64_t fixed;			/* SESSION_FIXED_BASE */
	uint64_t span_size;		/* the kernel's [vvar]..[vdso] span */
	uint64_t vdso_in_span;		/* where [vdso] starts within the span */
	uint32_t use_arch_prctl;	/* else move each mapping with mremap */
	uint32_t nvmas;
	struct {
		uint64_t start;		/* within the span */
		uint64_t size;
	} vma[INSTALL_MAX_VMAS];
	/* Time-namespace offsets for the per-process page (struct vclock_proc). */
	int64_t ns_offset[INSTALL_NCLOCKS];
	/* The runtime: its text in the memfd and where it goes, its entry. */
	uint64_t rt_file_off;		/* page-aligned offset in the memfd */
	uint64_t rt_size;		/* page-rounded */
	uint64_t rt_at;			/* its address (after the kernel's span) */
	uint64_t rt_init_off;		/* rt_init() within it */
	uint64_t rt_data_at;		/* its per-process data page */
	/* The trap filter's length (at SESSION_TRAP_OFF in the session page),
	 * installed once per chain of execs: a process that inherited it
	 * does not add another. */
	uint32_t trap_len;
	uint32_t pad;
	/* The shared arena (SESSION_TABLE_AT): its offset in the memfd and
	 * how much of it to map now (at most SESSION_TABLE_FIRST_MAP); 0:
	 * none. */
	uint64_t table_off;
	uint64_t table_map;
	/* The ring (SESSION_RING_AT), after the stats page in stats_fd's
	 * memfd; 0: none. */
	uint64_t ring_size;
	/* Timers to keep again (RT_CARRY_*), from the exec's notification. */
	uint64_t carry;
	/* fakeroot: the process's fake uid and gid, when ids_known (all four
	 * of each agree): the runtime answers getuid and the like with them
	 * from the start instead of asking once (FR_IDS_NR). */
	uint32_t ids_known;
	uint32_t uid, gid;
	uint32_t pad2;
};

/* The kernel's struct sigaction for rt_sigaction(2) on x86_64. */
struct rt_ksigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/*
 * A thread of the process in a wait the runtime holds for a virtual
 * deadline, for run --warp: the supervisor finds the tree idle when every
 * thread is in such a wait (or in one only another thread can end) and
 * moves the clocks to the earliest deadline.  tid is written last (a slot
 * being filled reads -1); 0 is a free slot.  until is in the supervisor's
 * timeline (the process's time-namespace offset taken off).
 */
struct rt_wait {
	int32_t tid;
	int32_t clk;
	int64_t until;
};

#define RT_WAIT_SLOTS 128

/*
 * A kernel timer the program set through the runtime (timerfd_settime,
 * timer_settime, setitimer, alarm), kept so that a live change of the
 * clock (ctl, --warp) can re-arm it: the supervisor sends the process a
 * SIGSYS with si_code SI_QUEUE and RT_REARM_VALUE, and the runtime moves
 * each timer's next expiry from the model it was set under (rate, base)
 * to the session's new one.  Only the program's thread that holds
 * timer_lock touches them.
 */
struct rt_timer {
	int32_t kind;			/* RT_TIMER_*; 0: a free slot */
	int32_t id;			/* the descriptor, the POSIX timer's id */
	int32_t clk;
	int32_t flags;			/* as set: TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET */
	int32_t owner;			/* the process that set it (a forked child's copy is not) */
	int32_t pad;
	int64_t interval;		/* virtual ns */
	int64_t real_interval;		/* ns, as the kernel has it */
	int64_t real_next;		/* the real reading of clk at its next expiry, as set */
	uint64_t rate;			/* the model it was set under */
	int64_t real_ns, virt_ns;
	int64_t warped;			/* the session's warped_ns then */
};

enum { RT_TIMER_FD = 1, RT_TIMER_POSIX, RT_TIMER_ITIMER };

#define RT_TIMER_SLOTS 16

/*
 * Past the data page's RT_TIMER_SLOTS the table goes on in pages of its
 * own, chained from rt_data.more_timers: private and anonymous, so that a
 * fork copies them with the data page and an exec drops them.  No cap but
 * memory.
 */
#define RT_TIMERS_PER_PAGE ((4096 - 8) / sizeof(struct rt_timer))

struct rt_timer_page {
	uint64_t next;
	struct rt_timer timers[RT_TIMERS_PER_PAGE];
};
#define RT_REARM_VALUE 0x6d72616572747276ull /* "vrtrearm" */

/*
 * When no thread of the process runs or waits in a call that restarts, the
 * re-arm signal goes to one in an untimed wait that a handler ends with
 * EINTR whatever SA_RESTART says (a single-threaded event loop's
 * epoll_wait), and says which: the runtime repeats that call if the
 * signal ended it, as the kernel restarts one (RIP back over the syscall
 * instruction, RAX the number again), so the program sees no EINTR.  It
 * lies in the siginfo's union behind si_pid, si_uid and si_value, bytes
 * the kernel keeps for a queued signal (its kernel_siginfo is 48 bytes).
 */
struct rt_rearm_repeat {
	uint64_t pc;			/* after the syscall instruction; 0: none */
	int32_t nr;
	uint32_t args_fold;		/* rt_args_fold of its six arguments */
};
#define RT_REARM_REPEAT_AT 32		/* its offset in the siginfo */

/* The supervisor read the arguments in /proc/PID/task/TID/syscall; the
 * runtime checks them in its signal frame, so that a call it repeats is
 * the one the supervisor saw, not another made at the same pc (a libc's
 * one syscall instruction for every cancellable call). */
static inline uint32_t rt_args_fold(const uint64_t *a)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int i;

	for (i = 0; i < 6; i++)
		h = (h ^ a[i]) * 0x100000001b3ull;
	return (uint32_t)(h ^ (h >> 32));
}

/* Whether call nr with arguments a waits with no timeout, in a call that
 * a signal with a handler ends with EINTR (signal(7)): repeating it after
 * the signal loses no time. */
static inline int rt_untimed_wait(long nr, const uint64_t *a)
{
	switch (nr) {
	case __NR_pause: case __NR_rt_sigsuspend:
		return 1;
	case __NR_poll:
		return (int32_t)a[2] < 0;
	case __NR_epoll_wait: case __NR_epoll_pwait:
		return (int32_t)a[3] < 0;
	case __NR_ppoll: case __NR_rt_sigtimedwait:
		return a[2] == 0;
	case __NR_epoll_pwait2:
		return a[3] == 0;
	case __NR_select: case __NR_pselect6: case __NR_io_getevents: case __NR_io_pgetevents:
		return a[4] == 0;
	default:
		return 0;
	}
}

/*
 * Whether call nr with arguments a is a timed wait that can go on for
 * the time it had left after a signal ended it with EINTR:
 * RT_RESUME_RESTART through restart_syscall, inside the handler, before
 * its sigreturn forgets the kernel's restart block (nanosleep, a relative
 * clock_nanosleep, poll, a futex wait with a timeout; and restart_syscall
 * itself, a second signal in such a wait); RT_RESUME_AGAIN made again as
 * it was, since the kernel wrote the time left back into its timeout
 * (select, pselect6, ppoll) or it has a deadline (an absolute
 * clock_nanosleep).  epoll's waits keep no time left: 0.
 */
enum { RT_RESUME_NONE, RT_RESUME_AGAIN, RT_RESUME_RESTART };

static inline int rt_timed_resumable(long nr, const uint64_t *a)
{
	switch (nr) {
	case __NR_nanosleep: case __NR_restart_syscall:
		return RT_RESUME_RESTART;
	case __NR_clock_nanosleep:
		return a[1] & 1 /* TIMER_ABSTIME */ ? RT_RESUME_AGAIN : RT_RESUME_RESTART;
	case __NR_poll:
		return (int32_t)a[2] > 0 ? RT_RESUME_RESTART : RT_RESUME_NONE;
	case __NR_futex:
		/* FUTEX_WAIT and FUTEX_WAIT_BITSET, whatever their flags */
		return a[3] && ((a[1] & 127) == 0 || (a[1] & 127) == 9) ? RT_RESUME_RESTART
								       : RT_RESUME_NONE;
	case __NR_select: case __NR_pselect6:
		return a[4] ? RT_RESUME_AGAIN : RT_RESUME_NONE;
	case __NR_ppoll:
		return a[2] ? RT_RESUME_AGAIN : RT_RESUME_NONE;
	default:
		return RT_RESUME_NONE;
	}
}

/*
 * Kept timers that survive an exec (ITIMER_REAL; a timerfd without
 * FD_CLOEXEC), named by the runtime in execve's unused sixth argument and
 * handed by the supervisor to the new program's runtime (install_params,
 * then rt_data.carry), which keeps them again: a live change or a warp
 * still finds them.  Only the process's own (not a forked child's copy of
 * its parent's: that parent keeps them); a timerfd numbered below
 * RT_CARRY_FDS by its bit, those from RT_CARRY_FDS up by one bit for all
 * (RT_CARRY_HIGH_FDS: the new runtime looks through /proc/self/fd for
 * them).  The supervisor passes the bits on unchecked: the new runtime
 * keeps only what the kernel says is an armed timer there.
 */
#define RT_CARRY_MAGIC 0x7663ull
#define RT_CARRY_SHIFT 48
#define RT_CARRY_ITIMER (1ull << 47)
#define RT_CARRY_HIGH_FDS (1ull << 46)
#define RT_CARRY_FDS 46

/* In rt_data.carry instead, from vdsotool attach: every timer the process
 * has was set on the real clock; keep them all (timers_adopt_attach). */
#define RT_CARRY_ATTACH (0x7661ull << RT_CARRY_SHIFT)

static inline unsigned long long rt_carry_of(unsigned long long arg)
{
	return arg >> RT_CARRY_SHIFT == RT_CARRY_MAGIC ? arg : 0;
}

enum { RT_IDS_UNKNOWN, RT_IDS_KEPT, RT_IDS_ASK };

/* The runtime's per-process data page (private: copied by fork, made
 * anew at exec). */
struct rt_data {
	uint64_t magic;
	uint64_t image_base;		/* B: the session page is B - 1 page */
	int64_t ns_offset[INSTALL_NCLOCKS];
	struct rt_ksigaction prog_sigsys; /* the program's own SIGSYS disposition */
	int32_t lock;			/* guards prog_sigsys */
	uint32_t pad;
	struct rt_wait waits[RT_WAIT_SLOTS];
	int32_t timer_lock;
	int32_t rearm_again;		/* a change came while timer_lock was held */
	int32_t ntimers;		/* slots in use: the supervisor signals only these */
	/* Set by attach: the real clock by system call, the kernel's vDSO
	 * going back to its place at the detach while the runtime stays. */
	uint32_t syscall_clock;
	uint64_t rearms;		/* timers moved to a new clock */
	uint64_t rearm_signals;		/* the supervisor's re-arm SIGSYS taken */
	/* Bytes of the shared arena mapped at SESSION_TABLE_AT (the
	 * installer's first map, grown by the runtime); 0: none. */
	uint64_t table_mapped;
	uint64_t ring_size;		/* the ring at SESSION_RING_AT; 0: none */
	/* fakeroot: the fake uid and gid of process ids_pid when ids_valid
	 * is 1 (all four of each agree), 2: ids that differ, ask; 0: not
	 * known (after an exec or a set*id). */
	uint32_t ids_valid;		/* RT_IDS_* */
	uint32_t uid, gid;
	uint32_t ids_pid;
	/* Past timers[], pages of more (struct rt_timer_page), chained. */
	uint64_t more_timers;
	/* Written by the installer before rt_init, which keeps these again. */
	uint64_t carry;
	int32_t patch_lock;		/* one thread patches a call site at a time */
	uint32_t patched;		/* call sites patched (callsite.h) */
	uint32_t patch_off;		/* writable code refused: patch no more */
	uint32_t pad3;
	struct rt_timer timers[RT_TIMER_SLOTS];
};

_Static_assert(sizeof(struct rt_data) <= 4096, "the runtime's data is one page");

/* The start of the runtime blob: where its entry points are. */
struct rt_header {
	uint64_t magic;
	uint64_t init_off;		/* long rt_init(struct rt_data *, image base, offsets) */
	uint64_t exec_off;		/* the exec gadget's page: the blob's last */
};

#define RT_HEADER_MAGIC 0x7264726865747276ull

#define INSTALL_PARAMS_MAGIC 0x6c6c74736e69766full /* "ovinstll" */

#endif
#endif /* SUPERVISE_ABI_H */
