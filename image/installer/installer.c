// SPDX-License-Identifier: MIT
/*
 * The exec-time installer.  Right after a successful execve, before the
 * new program runs a single instruction of its own, the supervisor copies
 * this code (and its parameters) over the page holding the program's entry
 * point, points the registers at it and lets it run; it ends in int3, the
 * supervisor puts the page and the registers back.  The whole injection
 * then costs two ptrace stops (the exec event and the trap) instead of one
 * per remote system call, and the kernel's vDSO pages are never touched
 * before they are unmapped, which keeps the unmap free of TLB shootdowns.
 *
 * After an exec the process has one thread, so nothing else can run the
 * borrowed page meanwhile.  The code is position independent and reaches
 * its parameters rip-relative; installer.lds keeps code, constants and
 * parameters in one contiguous blob.
 */
#include <stddef.h>
#include <stdint.h>
#include "supervise/abi.h"

/* Everything is reached rip-relative: no symbol may go through a GOT, which
 * a flat blob does not have. */
#pragma GCC visibility push(hidden)

#define PAGE 0x1000ul
#define AT_NULL 0
#define AT_SYSINFO_EHDR 33
#define ARCH_MAP_VDSO_64 0x2003

#define NR_mmap 9
#define NR_mprotect 10
#define NR_munmap 11
#define NR_mremap 25
#define NR_close 3
#define NR_arch_prctl 158
#define NR_seccomp 317
#define NR_getpid 39
#define SECCOMP_SET_MODE_FILTER 1

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

extern const struct install_params install_params __attribute__((visibility("hidden")));

long vdsotool_install(const uint64_t *sp);

/* The supervisor enters here with rdi = the program's initial stack
 * pointer and rsp a little below it, 16-byte aligned. */
__asm__(".section .text.entry, \"ax\", @progbits\n"
	".globl install_entry\n"
	"install_entry:\n"
	"	call vdsotool_install\n"
	"	int3\n"
	".previous\n");

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

#define sys2(nr, a, b) sys6(nr, (long)(a), (long)(b), 0, 0, 0, 0)

static long map(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
	return sys6(NR_mmap, (long)addr, (long)len, prot, flags, fd, (long)off);
}

/* AT_SYSINFO_EHDR from the initial stack: argc, argv[], NULL, envp[],
 * NULL, then the auxiliary vector.  An x32 program's stack holds 32-bit
 * words, which read as an absurd argc here. */
static int find_vdso(const uint64_t *sp, uint64_t *base)
{
	uint64_t argc = sp[0], i;
	const uint64_t *p = sp + 1 + argc + 1;

	if (argc > (1ul << 24) || sp[1 + argc] != 0)
		return INSTALL_NOT_64BIT;
	for (i = 0; *p && i < (1ul << 24); i++)
		p++;
	if (*p)
		return INSTALL_NOT_64BIT;
	for (p++, i = 0; p[0] != AT_NULL && i < 256; p += 2, i++) {
		if (p[0] == AT_SYSINFO_EHDR) {
			*base = p[1];
			return p[1] ? INSTALL_OK : INSTALL_NO_VDSO;
		}
	}
	return INSTALL_NO_VDSO;
}

/* The whole fixed region: the kernel's span, the runtime, its data. */
static uint64_t fixed_size(const struct install_params *ip)
{
	return ip->rt_data_at + PAGE - ip->fixed;
}

static int fixed_area_free(const struct install_params *ip)
{
	long r = map(ip->fixed, fixed_size(ip), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		     MAP_FIXED_NOREPLACE, -1, 0);

	if (r < 0 && r > -4096)
		return 0;
	sys2(NR_munmap, r, fixed_size(ip));
	/* A kernel older than 4.17 takes the address as a hint only. */
	return (uint64_t)r == ip->fixed;
}

/*
 * The runtime: its text from the memfd, its data page, its SIGSYS handler
 * (rt_init), and the trap filter that feeds it, unless this process
 * inherited one (the filter answers the probe call).
 */
struct sock_fprog_k {
	unsigned short len;
	const void *filter;
};

static int start_runtime(const struct install_params *ip, uint64_t base)
{
	long (*init)(uint64_t, uint64_t, const int64_t *);
	const int nr = MAP_FIXED_NOREPLACE;
	struct sock_fprog_k prog = { (unsigned short)ip->trap_len,
				     (const void *)(uintptr_t)(base - SESSION_PAGE_BELOW_IMAGE +
							       SESSION_TRAP_OFF) };

	if ((uint64_t)map(ip->rt_at, ip->rt_size, PROT_READ | PROT_EXEC, MAP_PRIVATE | nr, ip->fd,
			  ip->rt_file_off) != ip->rt_at)
		return -1;
	if ((uint64_t)map(ip->rt_data_at, PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | nr, -1, 0) != ip->rt_data_at) {
		sys2(NR_munmap, ip->rt_at, ip->rt_size);
		return -1;
	}
	/* The shared arena the runtime reads (fakeroot's records). */
	if (ip->table_map && (uint64_t)map(SESSION_TABLE_AT, ip->table_map, PROT_READ,
					   MAP_SHARED | nr, ip->fd, ip->table_off) !=
				     SESSION_TABLE_AT) {
		sys2(NR_munmap, ip->rt_at, ip->rt_size + PAGE);
		return -1;
	}
	/* The ring it sends changes back through, writable. */
	if (ip->ring_size && (ip->stats_fd < 0 ||
			      (uint64_t)map(SESSION_RING_AT, ip->ring_size, PROT_READ | PROT_WRITE,
					    MAP_SHARED | nr, ip->stats_fd, PAGE) != SESSION_RING_AT)) {
		sys2(NR_munmap, ip->rt_at, ip->rt_size + PAGE);
		if (ip->table_map)
			sys2(NR_munmap, SESSION_TABLE_AT, ip->table_map);
		return -1;
	}
	init = (long (*)(uint64_t, uint64_t, const int64_t *))(uintptr_t)(ip->rt_at +
									  ip->rt_init_off);
	((struct rt_data *)(uintptr_t)ip->rt_data_at)->carry = ip->carry;
	if (init(ip->rt_data_at, base, ip->ns_offset)) {
		sys2(NR_munmap, ip->rt_at, ip->rt_size + PAGE);
		if (ip->table_map)
			sys2(NR_munmap, SESSION_TABLE_AT, ip->table_map);
		if (ip->ring_size)
			sys2(NR_munmap, SESSION_RING_AT, ip->ring_size);
		return -1;
	}
	((struct rt_data *)(uintptr_t)ip->rt_data_at)->table_mapped = ip->table_map;
	((struct rt_data *)(uintptr_t)ip->rt_data_at)->ring_size = ip->ring_size;
	if (ip->ids_known) {
		struct rt_data *d = (struct rt_data *)(uintptr_t)ip->rt_data_at;

		d->uid = ip->uid;
		d->gid = ip->gid;
		d->ids_pid = (uint32_t)sys2(NR_getpid, 0, 0);
		d->ids_valid = RT_IDS_KEPT;
	}
	if (sys6(RT_PROBE_NR, 0, 0, 0, 0, 0, 0) != -RT_PROBE_ERRNO && ip->trap_len)
		sys6(NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0, 0);
	return 0;
}

/* Moves the kernel's [vvar]..[vdso] span from lo to to; 0 or -errno. */
static long move_span(const struct install_params *ip, uint64_t lo, uint64_t to)
{
	uint32_t i, j;
	long r;

	if (ip->use_arch_prctl) {
		r = sys2(NR_munmap, lo, ip->span_size);
		if (r)
			return r;
		r = sys2(NR_arch_prctl, ARCH_MAP_VDSO_64, to);
		return r < 0 ? r : 0;
	}
	for (i = 0; i < ip->nvmas; i++) {
		uint64_t from = lo + ip->vma[i].start, dest = to + ip->vma[i].start;

		r = sys6(NR_mremap, (long)from, (long)ip->vma[i].size, (long)ip->vma[i].size,
			 MREMAP_MAYMOVE | MREMAP_FIXED, (long)dest, 0);
		if (r < 0 && r > -4096) {
			for (j = 0; j < i; j++)
				sys6(NR_mremap, (long)(to + ip->vma[j].start),
				     (long)ip->vma[j].size, (long)ip->vma[j].size,
				     MREMAP_MAYMOVE | MREMAP_FIXED, (long)(lo + ip->vma[j].start), 0);
			return r;
		}
	}
	return 0;
}

/* The per-process page: this process's time-namespace offsets. */
static int map_proc_page(const struct install_params *ip, uint64_t at)
{
	int64_t *off = (int64_t *)at;
	int i;

	if ((uint64_t)map(at, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
			  MAP_FIXED_NOREPLACE, -1, 0) != at)
		return -1;
	for (i = 0; i < INSTALL_NCLOCKS; i++)
		off[i] = ip->ns_offset[i];
	return (int)sys6(NR_mprotect, (long)at, PAGE, PROT_READ, 0, 0, 0);
}

static int map_session(const struct install_params *ip, uint64_t base)
{
	const int nr = MAP_FIXED_NOREPLACE;
	uint64_t page = base - SESSION_PAGE_BELOW_IMAGE, stats = base - SESSION_STATS_BELOW_IMAGE;
	uint64_t proc = base - SESSION_PROC_BELOW_IMAGE;

	if (map_proc_page(ip, proc)) {
		sys2(NR_munmap, proc, PAGE);
		return -1;
	}
	if ((uint64_t)map(page, PAGE, PROT_READ, MAP_SHARED | nr, ip->fd, SESSION_PAGE_OFF) != page) {
		sys2(NR_munmap, proc, PAGE);
		return -1;
	}
	/* Private, so that a debugger can still plant breakpoints in it. */
	if ((uint64_t)map(base, ip->image_size, PROT_READ | PROT_EXEC, MAP_PRIVATE | nr, ip->fd,
			  SESSION_IMAGE_OFF) != base) {
		sys2(NR_munmap, proc, PAGE);
		sys2(NR_munmap, page, PAGE);
		return -1;
	}
	if (ip->stats_fd >= 0 && (uint64_t)map(stats, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | nr,
					       ip->stats_fd, 0) != stats) {
		sys2(NR_munmap, proc, PAGE);
		sys2(NR_munmap, page, PAGE + ip->image_size);
		return -1;
	}
	return 0;
}

static long install(const struct install_params *ip, const uint64_t *sp)
{
	uint64_t base = 0, lo;
	int ret = find_vdso(sp, &base);

	if (ret)
		return ret;
	if (ip->magic != INSTALL_PARAMS_MAGIC)
		return INSTALL_BROKEN;
	lo = base - ip->vdso_in_span;
	if (!fixed_area_free(ip))
		return INSTALL_FIXED_BUSY;
	if (move_span(ip, lo, ip->fixed))
		return INSTALL_MAP_FAILED;
	if (map_session(ip, base) == 0) {
		if (start_runtime(ip, base) == 0)
			return INSTALL_OK;
		sys2(NR_munmap, base - SESSION_PROC_BELOW_IMAGE,
		     SESSION_PROC_BELOW_IMAGE + ip->image_size);
	}
	/* Put the kernel's vDSO back where the auxiliary vector says it is. */
	if (ip->use_arch_prctl)
		sys2(NR_munmap, ip->fixed, ip->span_size);
	return move_span(ip, ip->fixed, lo) ? INSTALL_BROKEN : INSTALL_MAP_FAILED;
}

long vdsotool_install(const uint64_t *sp)
{
	const struct install_params *ip = &install_params;
	long ret = install(ip, sp);

	/* The descriptors were only the way in; the mappings keep the files. */
	sys2(NR_close, ip->fd, 0);
	if (ip->stats_fd >= 0)
		sys2(NR_close, ip->stats_fd, 0);
	return ret;
}
