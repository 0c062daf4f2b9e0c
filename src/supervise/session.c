// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <asm/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "supervise/session.h"

extern const unsigned char vdsotool_image_start[], vdsotool_image_end[];
extern const unsigned char vdsotool_runtime_start[], vdsotool_runtime_end[];

#define PAGE 4096ull

static int64_t real_now(int clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts))
		return 0;
	return vclock_ts_to_ns(ts.tv_sec, ts.tv_nsec);
}

/*
 * All clocks are read back to back at the start: the realtime family is
 * shifted so that CLOCK_REALTIME reads the requested time, keeping each
 * clock's own distance to it (TAI stays 37 s ahead); monotonic and
 * boottime keep their value and only change pace.
 */
void session_fill_params(struct vclock_session *p, const struct clock_spec *spec, uint32_t mask)
{
	int64_t real[VCLOCK_NCLOCKS], shift = spec->offset_ns;
	int clk;

	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++)
		real[clk] = real_now(clk);
	if (spec->has_at)
		shift += spec->at_ns - real[CLOCK_REALTIME];
	p->rate_q32 = spec->frozen ? 0 : spec->rate_q32;
	p->virtual_mask = mask;
	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++) {
		int64_t r = real[vclock_base_clock(clk)];

		p->clock[clk].real_ns = r;
		p->clock[clk].virt_ns = (CLOCKS_REALTIME >> clk) & 1 ? r + shift : r;
		vclock_base_finish(&p->clock[clk]);
	}
}

static void fill_entries(struct session *s)
{
	const struct vdso_layout *l = &s->layout;
	struct vclock_session *p = s->page;
	uint64_t b = s->moved_vdso;

	p->orig_clock_gettime = l->off_clock_gettime ? b + l->off_clock_gettime : 0;
	p->orig_gettimeofday = l->off_gettimeofday ? b + l->off_gettimeofday : 0;
	p->orig_time = l->off_time ? b + l->off_time : 0;
	p->orig_clock_getres = l->off_clock_getres ? b + l->off_clock_getres : 0;
	p->orig_getcpu = l->off_getcpu ? b + l->off_getcpu : 0;
	p->orig_getrandom = l->off_getrandom ? b + l->off_getrandom : 0;
}

/* Writable by every process of the tree (the image counts there), but
 * sealed against resizing: a truncated page would SIGBUS every reader. */
static int make_stats(struct session *s, char *err, size_t errlen)
{
	const int seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;

	s->ring_size = (s->ring_size + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	s->stats_fd = memfd_create("vdsotool-stats", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (s->stats_fd < 0 || ftruncate(s->stats_fd, (off_t)(PAGE + s->ring_size)) ||
	    fcntl(s->stats_fd, F_ADD_SEALS, seals)) {
		snprintf(err, errlen, "cannot create the stats page: %s", strerror(errno));
		return -errno;
	}
	s->stats = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, s->stats_fd, 0);
	if (s->stats == MAP_FAILED) {
		s->stats = NULL;
		snprintf(err, errlen, "cannot map the stats page: %s", strerror(errno));
		return -errno;
	}
	if (s->ring_size) {
		s->ring = mmap(NULL, s->ring_size, PROT_READ | PROT_WRITE, MAP_SHARED, s->stats_fd,
			       PAGE);
		if (s->ring == MAP_FAILED) {
			s->ring = NULL;
			snprintf(err, errlen, "cannot map the ring: %s", strerror(errno));
			return -errno;
		}
	}
	return 0;
}

static int make_memfd(struct session *s, pid_t owner, char *err, size_t errlen)
{
	size_t image_len = (size_t)(vdsotool_image_end - vdsotool_image_start);
	/* Sealed against writes by anyone who maps it later: the tree gets a
	 * read-only view it cannot mprotect back to writable. */
	const int seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL;
	uint32_t token;

	s->image_size = (image_len + PAGE - 1) & ~(PAGE - 1);
	if (s->image_size > s->layout.vdso_size) {
		snprintf(err, errlen, "replacement image (%zu bytes) is larger than the kernel's "
			 "vDSO (%llu bytes)", image_len, (unsigned long long)s->layout.vdso_size);
		return -E2BIG;
	}
	if (getrandom(&token, sizeof(token), 0) != (ssize_t)sizeof(token))
		token = (uint32_t)getpid() ^ (uint32_t)time(NULL);
	snprintf(s->name, sizeof(s->name), "vdsotool-%d.%08x-session", (int)owner, token);
	s->memfd = memfd_create(s->name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	s->rt_file_off = SESSION_IMAGE_OFF + s->image_size;
	s->table_off = s->rt_file_off + s->rt_size;
	if (s->memfd < 0 ||
	    ftruncate(s->memfd, (off_t)(s->table_off + s->table_size)) ||
	    pwrite(s->memfd, vdsotool_image_start, image_len, SESSION_IMAGE_OFF) !=
		    (ssize_t)image_len ||
	    pwrite(s->memfd, vdsotool_runtime_start, (size_t)(vdsotool_runtime_end -
							       vdsotool_runtime_start),
		   (off_t)s->rt_file_off) != vdsotool_runtime_end - vdsotool_runtime_start) {
		snprintf(err, errlen, "cannot create the session memfd: %s", strerror(errno));
		return -errno;
	}
	s->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, s->memfd, SESSION_PAGE_OFF);
	if (s->page == MAP_FAILED) {
		s->page = NULL;
		snprintf(err, errlen, "cannot map the session page: %s", strerror(errno));
		return -errno;
	}
	/* Mapped writable before the seal, which only stops later mappings
	 * (and write(2)); tmpfs gives it pages only as they are written. */
	if (s->table_size) {
		s->table = mmap(NULL, s->table_size, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_NORESERVE, s->memfd, (off_t)s->table_off);
		if (s->table == MAP_FAILED) {
			s->table = NULL;
			snprintf(err, errlen, "cannot map the shared table: %s", strerror(errno));
			return -errno;
		}
	}
	if (fcntl(s->memfd, F_ADD_SEALS, seals)) {
		snprintf(err, errlen, "cannot seal the session memfd: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

int session_layout(struct session *s, char *err, size_t errlen)
{
	const struct rt_header *hdr;
	int ret;

	memset(s, 0, sizeof(*s));
	s->memfd = s->stats_fd = -1;
	ret = layout_discover(&s->layout);
	if (ret == -EXDEV) {
		snprintf(err, errlen, "already running under vdsotool run: nested sessions are not "
			 "supported (run the inner command directly)");
		return ret;
	}
	if (ret) {
		snprintf(err, errlen, "cannot find this kernel's vDSO layout: %s", strerror(-ret));
		return ret;
	}
	/* With a vDSO mapped, a kernel that has ARCH_MAP_VDSO_64 (CRIU's
	 * CONFIG_CHECKPOINT_RESTORE) says EEXIST; one without says EINVAL. */
	s->use_arch_prctl = syscall(SYS_arch_prctl, ARCH_MAP_VDSO_64, SESSION_FIXED_BASE) < 0 &&
			    errno == EEXIST;
	s->fixed_start = SESSION_FIXED_BASE;
	s->moved_vdso = SESSION_FIXED_BASE - (uint64_t)s->layout.span_start;
	/* The runtime and its data page follow the kernel's span: one range
	 * of instruction pointers for the filters to let through. */
	s->rt_size = ((uint64_t)(vdsotool_runtime_end - vdsotool_runtime_start) + PAGE - 1) &
		     ~(PAGE - 1);
	s->rt_at = SESSION_FIXED_BASE + ((s->layout.span_size + PAGE - 1) & ~(PAGE - 1));
	s->rt_data_at = s->rt_at + s->rt_size;
	s->fixed_end = s->rt_data_at + PAGE;
	hdr = (const struct rt_header *)vdsotool_runtime_start;
	if (hdr->exec_off != s->rt_size - PAGE) {
		snprintf(err, errlen, "the runtime's exec gadget is not on its last page (a "
			 "build error)");
		return -EINVAL;
	}
	s->notify_ip_end = s->rt_at + hdr->exec_off;
	return 0;
}

int session_create(struct session *s, const struct clock_spec *spec, uint32_t virtual_mask,
		   int stats, pid_t owner, char *err, size_t errlen)
{
	int ret;

	if (!s->layout.vdso_size && (ret = session_layout(s, err, errlen)))
		return ret;
	ret = make_memfd(s, owner, err, errlen);
	if (!ret && s->ring_size > SESSION_RING_MAX) {
		snprintf(err, errlen, "the ring asked for is over %u bytes", SESSION_RING_MAX);
		ret = -EINVAL;
	}
	if (!ret && (stats || s->ring_size))
		ret = make_stats(s, err, errlen);
	if (ret)
		return ret;
	_Static_assert(sizeof(struct vclock_session) <= SESSION_TRAP_OFF, "session page overflow");
	_Static_assert(INSTALL_NCLOCKS == VCLOCK_NCLOCKS, "installer and model disagree on clocks");
	s->page->magic = VCLOCK_SESSION_MAGIC;
	s->page->version = VCLOCK_SESSION_VERSION;
	s->page->stats_enabled = stats;
	fill_entries(s);
	session_fill_params(s->page, spec, virtual_mask);
	return 0;
}

int session_virtual_now(const struct session *s, int clk, int64_t *ns)
{
	const struct vclock_session *p = s->page;
	struct timespec ts;

	/* The real clock's own error (an alarm clock without an RTC) stands. */
	if (clock_gettime(clk, &ts))
		return -errno;
	*ns = vclock_ts_to_ns(ts.tv_sec, ts.tv_nsec);
	if (vclock_is_virtual(p, clk))
		*ns = vclock_apply(p->rate_q32, &p->clock[clk], *ns);
	return 0;
}

void session_destroy(struct session *s)
{
	if (s->page)
		munmap(s->page, PAGE);
	if (s->stats)
		munmap(s->stats, PAGE);
	if (s->table)
		munmap(s->table, s->table_size);
	if (s->ring)
		munmap(s->ring, s->ring_size);
	if (s->memfd >= 0)
		close(s->memfd);
	if (s->stats_fd >= 0)
		close(s->stats_fd);
	s->page = NULL;
	s->stats = NULL;
	s->memfd = s->stats_fd = -1;
}
