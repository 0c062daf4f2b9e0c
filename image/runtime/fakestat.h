/* SPDX-License-Identifier: MIT */
/*
 * vdsotool fakeroot inside the process.
 *
 * The stat family: the call is made as asked (the kernel resolves the
 * path, fills the buffer, and gives every error exactly as without
 * fakeroot), then the result is laid over with the inode's record from
 * the table the supervisor shares with the tree (src/fakeroot/table.h),
 * by the rule of src/fakeroot/overlay.h.  A SIGSYS and a lookup instead
 * of a notification round trip and seven system calls in the supervisor.
 * When the table cannot answer (its records outgrew the shared arena) the
 * call is made again from the exec gadget, whose calls the notify filter
 * sends to the supervisor: it answers as for a process without a runtime.
 *
 * The chown family and fchmod: the file is stat'ed here, fchmod changes
 * the real mode here (on the descriptor the program named: no race
 * between the stat and the change), and only the values of the change go
 * to the supervisor, one way through the ring (table.h), or as
 * FR_RECORD_NR when the ring is full.  A lookup of an inode with a change
 * still in the ring asks the supervisor, which applies the ring first.
 * When the stat fails, the call itself is made: its error is the
 * kernel's.
 *
 * getuid, geteuid, getgid, getegid: from the process's fake ids, which
 * the supervisor hands to the installer at exec (install_params.ids_known)
 * or the runtime fetches once (FR_IDS_NR), while its real, effective,
 * saved and filesystem ids agree (a forked child keeps its parent's
 * copy); a set*id goes to the supervisor, which keeps the kernel's rules,
 * and makes them be fetched again.  Otherwise (ids that differ) each call
 * asks.
 *
 * The buffer is used as the kernel left it, directly, as the vDSO uses the
 * program's pointers.  Included by runtime.c only.
 */
#define NR_stat 4
#define NR_fstat 5
#define NR_lstat 6
#define NR_chown 92
#define NR_fchown 93
#define NR_lchown 94
#define NR_fchmod 91
#define NR_fchownat 260
#define NR_newfstatat 262
#define NR_statx 332
#define NR_mremap 25
#define NR_rename 82
#define NR_rmdir 84
#define NR_unlink 87
#define NR_unlinkat 263
#define NR_renameat 264
#define NR_renameat2 316
#define AT_REMOVEDIR 0x200
#define RENAME_EXCHANGE 2
#define NR_getuid 102
#define NR_getgid 104
#define NR_setuid 105
#define NR_setgid 106
#define NR_geteuid 107
#define NR_getegid 108
#define NR_setreuid 113
#define NR_setregid 114
#define NR_setgroups 116
#define NR_setresuid 117
#define NR_setresgid 119
#define NR_setfsuid 122
#define NR_setfsgid 123
#define EOPNOTSUPP 95
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH 0x1000

static const struct fr_table *shared_table(void)
{
	return (const struct fr_table *)(uintptr_t)SESSION_TABLE_AT;
}

static struct fr_ring *ring(const struct rt_data *d)
{
	return d->ring_size ? (struct fr_ring *)(uintptr_t)SESSION_RING_AT : NULL;
}

/*
 * The record of real, with the installer's first map of the table grown
 * in place (no MREMAP_MAYMOVE: other threads read it) as far as the live
 * table reaches.  A thread that lost the race to grow it finds the mapping
 * grown by the winner; one that cannot grow it (RLIMIT_AS, the address
 * range taken) asks the supervisor.
 */
static enum fr_found find_record(struct rt_data *d, const struct fr_attrs *real,
				 struct fr_attrs *rec, unsigned *flags)
{
	const struct fr_table *t = shared_table();
	uint64_t need = 0, mapped;
	enum fr_found found;
	int tries;

	/* A change of it still in the ring: the supervisor knows better. */
	if (ring(d) && fr_ring_pending(ring(d), t, real->dev, real->ino))
		return FR_ASK;
	for (tries = 0; tries < 4; tries++) {
		mapped = __atomic_load_n(&d->table_mapped, __ATOMIC_ACQUIRE);
		found = fr_table_find(t, mapped, real, rec, flags, &need);
		if (found != FR_GROW)
			return found;
		need = (need + 0xfffff) & ~(uint64_t)0xfffff;
		if (need > t->arena_size)
			need = t->arena_size;
		if ((uint64_t)S(NR_mremap, SESSION_TABLE_AT, mapped, need, 0, 0, 0) ==
		    SESSION_TABLE_AT)
			__atomic_compare_exchange_n(&d->table_mapped, &mapped, need, 0,
						    __ATOMIC_RELEASE, __ATOMIC_RELAXED);
		else if (__atomic_load_n(&d->table_mapped, __ATOMIC_ACQUIRE) == mapped)
			return FR_ASK;
	}
	return FR_ASK;
}

static uint64_t stat_buffer(long nr, const uint64_t *a)
{
	switch (nr) {
	case NR_statx:
		return a[4];
	case NR_newfstatat:
		return a[2];
	default:
		return a[1];
	}
}

static long do_fakeroot_stat(struct rt_data *d, long nr, const uint64_t *a)
{
	uint64_t buf = stat_buffer(nr, a);
	unsigned flags = shared_table()->flags & FR_UNKNOWN_IS_REAL;
	struct fr_attrs real, rec;
	enum fr_found found = FR_NONE;
	long r = S(nr, a[0], a[1], a[2], a[3], a[4], 0);

	if (r)
		return r;
	if (nr == NR_statx) {
		struct statx *stx = (struct statx *)(uintptr_t)buf;

		fr_attrs_from_statx(&real, stx);
		if (fr_statx_named(stx))
			found = find_record(d, &real, &rec, &flags);
		if (found == FR_ASK)
			return NOTIFIED(nr, a[0], a[1], a[2], a[3], a[4], 0);
		fr_overlay(found == FR_FOUND ? &rec : NULL, flags, &real);
		fr_statx_show(stx, &real);
	} else {
		struct stat *st = (struct stat *)(uintptr_t)buf;

		fr_attrs_from_stat(&real, st);
		found = find_record(d, &real, &rec, &flags);
		if (found == FR_ASK)
			return NOTIFIED(nr, a[0], a[1], a[2], a[3], a[4], 0);
		fr_overlay(found == FR_FOUND ? &rec : NULL, flags, &real);
		fr_stat_show(st, &real);
	}
	return 0;
}

/* The change goes one way through the ring when it has room, else the
 * synchronous way. */
static long fakeroot_record(const struct rt_data *d, unsigned op, const struct stat *st,
			    uint64_t change)
{
	struct fr_attrs real;
	uint64_t m[6];

	fr_attrs_from_stat(&real, st);
	fr_record_args(m, op, &real, change);
	if (ring(d) && !fr_ring_put(ring(d), shared_table(), (int32_t)S(NR_gettid, 0, 0, 0, 0, 0, 0),
				    m))
		return 0;
	return NOTIFIED(FR_RECORD_NR, m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* The inode chown acts on, as the kernel would find it. */
static long chown_target(long nr, const uint64_t *a, struct stat *st)
{
	switch (nr) {
	case NR_chown:
		return S(NR_newfstatat, AT_FDCWD, a[0], st, 0, 0, 0);
	case NR_lchown:
		return S(NR_newfstatat, AT_FDCWD, a[0], st, AT_SYMLINK_NOFOLLOW, 0, 0);
	case NR_fchown:
		return S(NR_fstat, a[0], st, 0, 0, 0, 0);
	default:
		if (a[4] & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		return S(NR_newfstatat, a[0], a[1], st, a[4], 0, 0);
	}
}

static long do_fakeroot_chown(const struct rt_data *d, long nr, const uint64_t *a)
{
	int at = nr == NR_fchownat;
	uint32_t uid = (uint32_t)a[1 + at], gid = (uint32_t)a[2 + at];
	struct stat st;

	if (chown_target(nr, a, &st))
		return S(nr, a[0], a[1], a[2], a[3], a[4], 0);
	return fakeroot_record(d, FR_RECORD_CHOWN, &st, uid | (uint64_t)gid << 32);
}

static long do_fakeroot_fchmod(const struct rt_data *d, const uint64_t *a)
{
	uint32_t mode = (uint32_t)a[1] & 07777;
	struct stat st;
	long r;

	if (S(NR_fstat, a[0], &st, 0, 0, 0, 0))
		return S(NR_fchmod, a[0], a[1], 0, 0, 0, 0);
	if (S_ISLNK(st.st_mode))
		return -EOPNOTSUPP;
	/* Root may chmod a file the real user does not own: EPERM leaves it
	 * to the record alone. */
	r = S(NR_fchmod, a[0], fr_real_mode((st.st_mode & S_IFMT) | mode) & 07777, 0, 0, 0, 0);
	if (r && r != -EPERM)
		return r;
	return fakeroot_record(d, FR_RECORD_CHMOD, &st, mode);
}

/* Whether the name (dirfd, path) is the last link of an inode that has a
 * record, or the table cannot say: the supervisor must make the call. */
static int name_has_record(struct rt_data *d, long dirfd, uint64_t path)
{
	struct fr_attrs real, rec;
	unsigned flags;
	struct stat st;

	if (S(NR_newfstatat, dirfd, path, &st, AT_SYMLINK_NOFOLLOW, 0, 0))
		return 0;
	fr_attrs_from_stat(&real, &st);
	switch (find_record(d, &real, &rec, &flags)) {
	case FR_NONE:
		return 0;
	case FR_FOUND:
		return S_ISDIR(st.st_mode) || st.st_nlink <= 1;
	default:
		return 1;
	}
}

static long do_fakeroot_remove(struct rt_data *d, long nr, const uint64_t *a)
{
	int gone;

	switch (nr) {
	case NR_unlink:
	case NR_rmdir:
		gone = name_has_record(d, AT_FDCWD, a[0]);
		break;
	case NR_unlinkat:
		gone = name_has_record(d, (long)a[0], a[1]);
		break;
	case NR_rename:
		gone = name_has_record(d, AT_FDCWD, a[1]);
		break;
	case NR_renameat2:
		/* An exchange leaves both inodes alive. */
		if (a[4] & RENAME_EXCHANGE) {
			gone = 0;
			break;
		}
		/* fall through */
	default:
		gone = name_has_record(d, (long)a[2], a[3]);
		break;
	}
	if (gone)
		return NOTIFIED(nr, a[0], a[1], a[2], a[3], a[4], 0);
	return S(nr, a[0], a[1], a[2], a[3], a[4], 0);
}

static long do_fakeroot_getid(struct rt_data *d, long nr)
{
	/* The copy is this process's: a vfork child that changed its ids
	 * must not leave them to its parent, which shares this page. */
	uint32_t pid = (uint32_t)self_pid(), state = __atomic_load_n(&d->ids_valid, __ATOMIC_ACQUIRE);
	long r;

	/* A forked child's copy of its parent's: fork keeps the ids.  (A
	 * vfork parent finds its child's pid there, not its own parent's.) */
	if (state == RT_IDS_KEPT && d->ids_pid != pid &&
	    d->ids_pid == (uint32_t)S(NR_getppid, 0, 0, 0, 0, 0, 0))
		d->ids_pid = pid;
	if (state == RT_IDS_UNKNOWN || d->ids_pid != pid) {
		r = NOTIFIED(FR_IDS_NR, 0, 0, 0, 0, 0, 0);
		d->ids_pid = pid;
		if (r < 0 && r >= -4095) {
			/* Ids that differ: each call asks, until a set*id. */
			__atomic_store_n(&d->ids_valid, RT_IDS_ASK, __ATOMIC_RELEASE);
			return NOTIFIED(nr, 0, 0, 0, 0, 0, 0);
		}
		d->uid = (uint32_t)r;
		d->gid = (uint32_t)((uint64_t)r >> 32);
		__atomic_store_n(&d->ids_valid, RT_IDS_KEPT, __ATOMIC_RELEASE);
	} else if (state == RT_IDS_ASK) {
		return NOTIFIED(nr, 0, 0, 0, 0, 0, 0);
	}
	return nr == NR_getuid || nr == NR_geteuid ? d->uid : d->gid;
}

static long do_fakeroot_setid(struct rt_data *d, long nr, const uint64_t *a)
{
	long r = NOTIFIED(nr, a[0], a[1], a[2], 0, 0, 0);

	__atomic_store_n(&d->ids_valid, RT_IDS_UNKNOWN, __ATOMIC_RELEASE);
	return r;
}
