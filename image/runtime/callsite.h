/* SPDX-License-Identifier: MIT */
/*
 * Patched call sites: a raw time system call that reached the handler
 * through SIGSYS cost a signal delivery and a sigreturn, 2.5-3 us on a
 * host where the real call costs 0.3 (seccomp's RET_TRAP has no cheaper
 * way in).  So the first such call from a site whose code we know
 * rewrites that site: the instruction before its `syscall` becomes a
 * `jmp` to a stub of its own, which runs that instruction, answers
 * clock_gettime, gettimeofday and time by calling the runtime like a
 * function (a vDSO read), makes any other call with a `syscall` of its
 * own (outside the trusted range: both filters still see it), and jumps
 * back after the site's `syscall`.
 *
 * Only two shapes are patched, matched byte for byte, so that no jump of
 * the program can land inside what is rewritten:
 *   glibc's syscall(3)	mov 0x8(%rsp),%r9; syscall; cmp $-4095,%rax
 *			(straight-line code from its entry; the number in rax)
 *   an inline call	mov $NR,%eax; syscall	(NR the call trapped)
 * The 5 bytes replaced lie in one aligned 8 or 16 bytes written with one
 * locked compare-and-exchange, so another thread runs either the old
 * instructions (and traps, as before) or the new jump, never a mix: the
 * cross-modifying rule JITs live by.  The page is made writable only for
 * that store, and keeps its other protections; a process whose policy
 * forbids a writable and executable page (prctl MDWE, an LSM) keeps the
 * SIGSYS path, and so does one with a seccomp filter of its own, whose
 * policy may kill for the mprotect where the SIGSYS path makes no call a
 * sandbox would refuse.  `run --no-patch` keeps the program's code as it
 * is.
 */

#define NR_mprotect 10
#define NR_munmap 11
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_FIXED_NOREPLACE 0x100000
#define RT_PATCH_MAX 32			/* sites per process: a stub page each */

long rt_fast_time(long nr, uint64_t a0, uint64_t a1);

/*
 * The stub, copied to a page near the site: 5 bytes for the site's own
 * instruction, the address of rt_fast_time in the movabs, and the jump
 * back at the end.  Registers as a system call leaves them (rax the
 * result, rcx and r11 spent); the red zone below the program's stack
 * pointer is stepped over, the stack aligned for the call, the flags
 * kept (the number is compared with them saved).
 */
extern const unsigned char rt_stub[], rt_stub_fn[], rt_stub_back[], rt_stub_end[];
__asm__(".section .rodata\n"
	".globl rt_stub, rt_stub_fn, rt_stub_back, rt_stub_end\n"
	"rt_stub:\n"
	"	.byte 0x90, 0x90, 0x90, 0x90, 0x90\n"
	"	lea -128(%rsp), %rsp\n"
	"	pushfq\n"
	"	cmp $228, %rax\n"
	"	je 1f\n"
	"	cmp $96, %rax\n"
	"	je 1f\n"
	"	cmp $201, %rax\n"
	"	je 1f\n"
	"	popfq\n"
	"	lea 128(%rsp), %rsp\n"
	"	syscall\n"
	"	jmp 2f\n"
	"1:	push %rdi\n"
	"	push %rsi\n"
	"	push %rdx\n"
	"	push %r8\n"
	"	push %r9\n"
	"	push %r10\n"
	"	mov %rsp, %rcx\n"
	"	and $-16, %rsp\n"
	"	push %rcx\n"
	"	push %rcx\n"
	"	cld\n"
	"	mov %rsi, %rdx\n"
	"	mov %rdi, %rsi\n"
	"	mov %rax, %rdi\n"
	"	.byte 0x48, 0xb8\n"		/* movabs $rt_fast_time, %rax */
	"rt_stub_fn:\n"
	"	.quad 0\n"
	"	call *%rax\n"
	"	mov (%rsp), %rsp\n"
	"	pop %r10\n"
	"	pop %r9\n"
	"	pop %r8\n"
	"	pop %rdx\n"
	"	pop %rsi\n"
	"	pop %rdi\n"
	"	popfq\n"
	"	lea 128(%rsp), %rsp\n"
	"2:	.byte 0xe9\n"			/* jmp back past the site's syscall */
	"rt_stub_back:\n"
	"	.long 0\n"
	"rt_stub_end:\n"
	".previous\n");

/* Called from a stub, on the program's stack: one of the three calls. */
long rt_fast_time(long nr, uint64_t a0, uint64_t a1)
{
	struct rt_data *d = data();

	STATS_ADD(d, runtime_calls);
	if (nr == NR_clock_gettime)
		return do_clock_gettime(d, (long)a0, a1);
	if (nr == NR_gettimeofday)
		return do_gettimeofday(d, a0, a1);
	return do_time(d, a0);
}

static uint64_t parse_hex(const char **p)
{
	uint64_t v = 0;

	for (;; (*p)++) {
		char c = **p;

		if (c >= '0' && c <= '9')
			v = v << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (uint64_t)(c - 'a' + 10);
		else
			return v;
	}
}

/* The protections of the private mapping holding addr (PROT_*), from
 * /proc/self/maps; -1 when it is shared, unreadable or not found. */
static int mapping_prot(uint64_t addr)
{
	char buf[1024];
	long fd = S(NR_open, "/proc/self/maps", 02000000, 0, 0, 0, 0), n;
	int kept = 0, prot = -1, done = 0;

	if (fd < 0)
		return -1;
	while (!done && (n = S(NR_read, fd, buf + kept, sizeof(buf) - 1 - kept, 0, 0, 0)) > 0) {
		char *line = buf, *end = buf + kept + n, *nl;

		*end = 0;
		for (nl = line; !done && nl < end; nl++) {
			const char *p = line;
			uint64_t lo, hi;

			if (*nl != '\n')
				continue;
			lo = parse_hex(&p);
			p++;
			hi = parse_hex(&p);
			if (addr >= lo && addr < hi) {
				p++;
				if (p[0] == 'r' && p[3] == 'p')
					prot = PROT_READ | (p[1] == 'w' ? PROT_WRITE : 0) |
					       (p[2] == 'x' ? PROT_EXEC : 0);
				done = 1;
			}
			line = nl + 1;
		}
		kept = (int)(end - line);
		if (kept == (int)sizeof(buf) - 1)
			break;		/* a line longer than the buffer: not ours to parse */
		for (int i = 0; i < kept; i++)
			buf[i] = line[i];
	}
	S(NR_close, fd, 0, 0, 0, 0, 0);
	return prot;
}

/* The seccomp filters this process runs under (/proc/self/status); -1
 * when the kernel does not say (before 5.9).  Read in small pieces: this
 * may run on a small alternate signal stack. */
static int seccomp_filter_count(void)
{
	static const char key[] = "\nSeccomp_filters:";
	char buf[256];
	long fd = S(NR_open, "/proc/self/status", 02000000, 0, 0, 0, 0), n, i;
	int matched = 0, count = -1;

	if (fd < 0)
		return -1;
	while ((n = S(NR_read, fd, buf, sizeof(buf), 0, 0, 0)) > 0) {
		for (i = 0; i < n; i++) {
			char c = buf[i];

			if (key[matched]) {
				matched = c == key[matched] ? matched + 1 : c == '\n';
			} else if (c >= '0' && c <= '9') {
				count = (count < 0 ? 0 : count * 10) + (c - '0');
			} else if (c != ' ' && c != '\t') {
				goto done;
			}
		}
	}
done:
	S(NR_close, fd, 0, 0, 0, 0, 0);
	return count;
}

/* A page for a stub within a jmp's reach (2 GiB) of site; 0: none. */
static uint64_t stub_page_near(uint64_t site)
{
	uint64_t page = site & ~4095ull;
	long at;
	int i;

	/* From 1 GiB away inwards, below first: below a library is the
	 * mmap area's free side; just above a program is where brk grows
	 * and a stack's guard gap lies. */
	for (i = 0; i < 128; i++) {
		uint64_t dist = (uint64_t)(64 - i / 2) << 24;
		uint64_t want = (i & 1) ? page + dist : page - dist;

		if (want < (1ull << 20) || want >= (1ull << 47) - 4096)
			continue;
		at = S(NR_mmap, want, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE_ANON | MAP_FIXED_NOREPLACE, -1, 0);
		if (at == (long)want)
			return (uint64_t)at;
		if ((unsigned long)at < -4095UL)
			S(NR_munmap, at, 4096, 0, 0, 0, 0);	/* a kernel before 4.17 */
	}
	return 0;
}

static int cas8(uint64_t at, uint64_t old, uint64_t new)
{
	return __atomic_compare_exchange_n((uint64_t *)(uintptr_t)at, &old, new, 0,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static int cas16(uint64_t at, const uint64_t old[2], const uint64_t new[2])
{
	uint64_t lo = old[0], hi = old[1];
	unsigned char ok;

	__asm__ volatile("lock cmpxchg16b %1\n\tsete %0"
			 : "=q"(ok), "+m"(*(volatile uint64_t(*)[2])(uintptr_t)at), "+a"(lo), "+d"(hi)
			 : "b"(new[0]), "c"(new[1])
			 : "memory", "cc");
	return ok;
}

/* cmpxchg16b is in every x86_64 CPU since 2006 but not in the first ones. */
static int has_cx16(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 13) & 1;
}

/* The 5 bytes at site replaced by jmp rel32 in one store; 0 when done. */
static int store_jump(uint64_t site, int32_t rel)
{
	uint64_t at = site & ~(uint64_t)((site & 7) <= 3 ? 7 : 15), old[2], new[2];
	unsigned char *n = (unsigned char *)new;
	unsigned width = (site & 7) <= 3 ? 8 : 16, i;

	if (width == 16 && !has_cx16())
		return -1;
	for (i = 0; i < width; i++)
		n[i] = ((const volatile unsigned char *)(uintptr_t)at)[i];
	old[0] = new[0];
	old[1] = new[1];
	n[site - at] = 0xe9;
	for (i = 0; i < 4; i++)
		n[site - at + 1 + i] = (unsigned char)((uint32_t)rel >> (8 * i));
	return width == 8 ? !cas8(at, old[0], new[0]) : !cas16(at, old, new);
}

static const unsigned char glibc_before[5] = { 0x4c, 0x8b, 0x4c, 0x24, 0x08 };
static const unsigned char glibc_after[6] = { 0x48, 0x3d, 0x01, 0xf0, 0xff, 0xff };

static int same(const volatile unsigned char *p, const unsigned char *want, int n)
{
	for (int i = 0; i < n; i++)
		if (p[i] != want[i])
			return 0;
	return 1;
}

/* A byte that may prefix the instruction after it (REX, operand and
 * address size, segment, lock, rep): then the 5 bytes after it need not
 * be an instruction of their own (41 b8 imm32 is mov $imm32,%r8d). */
static int prefix_byte(unsigned char c)
{
	return (c & 0xf0) == 0x40 || c == 0x66 || c == 0x67 || c == 0xf0 || c == 0xf2 ||
	       c == 0xf3 || c == 0x26 || c == 0x2e || c == 0x36 || c == 0x3e || c == 0x64 ||
	       c == 0x65;
}

/* The site (the `syscall` at pc) is one we patch: its 5 bytes before. */
static int patchable(uint64_t pc, long nr)
{
	const volatile unsigned char *p = (const volatile unsigned char *)(uintptr_t)pc;
	uint64_t in_page = pc & 4095;

	/* Nothing is read off the page the call came from. */
	if (in_page < 6 || in_page > 4096 - 8 || p[0] != 0x0f || p[1] != 0x05 ||
	    prefix_byte(p[-6]))
		return 0;
	/* The jump is stored in one aligned 8 or 16 bytes (store_jump). */
	if (((pc - 5) & 7) > 3 && ((pc - 5) & 15) > 11)
		return 0;
	if (same(p - 5, glibc_before, 5) && same(p + 2, glibc_after, 6))
		return 1;
	return p[-5] == 0xb8 && p[-4] == (unsigned char)nr && p[-3] == (unsigned char)(nr >> 8) &&
	       !p[-2] && !p[-1];
}


/* The call at pc (just past its `syscall`) was a time call answered
 * through SIGSYS: send the next ones from there through a stub. */
static void patch_call_site(struct rt_data *d, uint64_t ret_pc, long nr)
{
	uint64_t pc = ret_pc - 2, site = pc - 5, stub;
	uint32_t max = session(d)->patch_filters_max;
	long len = rt_stub_end - rt_stub, i;
	unsigned char *code;
	int prot, filters;

	if (!max || d->patch_off || !patchable(pc, nr))
		return;
	/* Never waited for: the holder may be a handler this one interrupted,
	 * or a thread that is not in a child forked meanwhile.  The site
	 * traps again, and is patched then. */
	if (__atomic_exchange_n(&d->patch_lock, 1, __ATOMIC_ACQUIRE))
		return;
	if (!patchable(pc, nr))
		goto out;
	/* From here every way out but success turns patching off for this
	 * process: a site that failed would trap again and pay for these
	 * /proc reads each time.  The filters are looked at for each site:
	 * the program may add its own late. */
	d->patch_off = 1;
	filters = seccomp_filter_count();
	if (d->patched >= RT_PATCH_MAX || filters < 0 || (uint32_t)filters > max)
		goto out;
	prot = mapping_prot(site);
	if (prot < 0 || !(prot & PROT_EXEC))
		goto out;
	stub = stub_page_near(site);
	if (!stub)
		goto out;
	code = (unsigned char *)(uintptr_t)stub;
	for (i = 0; i < len; i++)
		code[i] = rt_stub[i];
	for (i = 0; i < 5; i++)
		code[i] = ((const volatile unsigned char *)(uintptr_t)site)[i];
	*(uint64_t *)(code + (rt_stub_fn - rt_stub)) = (uint64_t)(uintptr_t)rt_fast_time;
	*(int32_t *)(code + (rt_stub_back - rt_stub)) =
		(int32_t)(int64_t)(pc + 2 - (stub + (uint64_t)len));
	if (S(NR_mprotect, stub, 4096, PROT_READ | PROT_EXEC, 0, 0, 0) ||
	    (!(prot & PROT_WRITE) &&
	     S(NR_mprotect, site & ~4095ull, 4096, prot | PROT_WRITE, 0, 0, 0))) {
		/* A policy against writable code: it will say the same again. */
		S(NR_munmap, stub, 4096, 0, 0, 0, 0);
		goto out;
	}
	if (!store_jump(site, (int32_t)(int64_t)(stub - (site + 5)))) {
		d->patch_off = 0;
		d->patched++;
		STATS_ADD(d, patched_sites);
	} else
		S(NR_munmap, stub, 4096, 0, 0, 0, 0);
	if (!(prot & PROT_WRITE))
		S(NR_mprotect, site & ~4095ull, 4096, prot, 0, 0, 0);
out:
	__atomic_store_n(&d->patch_lock, 0, __ATOMIC_RELEASE);
}
