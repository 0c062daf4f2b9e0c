/* SPDX-License-Identifier: MIT */
/*
 * vdsotool fakeroot's stat family, answered inside the process: the call
 * is made as asked (the kernel resolves the path, fills the buffer, and
 * gives every error exactly as without fakeroot), then the result is laid
 * over with the inode's record from the table the supervisor shares with
 * the tree (src/fakeroot/table.h), by the rule of src/fakeroot/overlay.h.
 * A SIGSYS and a lookup instead of a notification round trip and seven
 * system calls in the supervisor.
 *
 * When the table cannot answer (its records outgrew the shared arena) the
 * call is made again from the exec gadget, whose calls the notify filter
 * sends to the supervisor: it answers as for a process without a runtime.
 *
 * The buffer is used as the kernel left it, directly, as the vDSO uses the
 * program's pointers.  Included by runtime.c only.
 */
#define NR_stat 4
#define NR_fstat 5
#define NR_lstat 6
#define NR_newfstatat 262
#define NR_statx 332

static const struct fr_table *shared_table(void)
{
	return (const struct fr_table *)(uintptr_t)SESSION_TABLE_AT;
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

static long do_fakeroot_stat(long nr, const uint64_t *a)
{
	const struct fr_table *t = shared_table();
	uint64_t buf = stat_buffer(nr, a);
	unsigned flags = t->flags & FR_UNKNOWN_IS_REAL;
	struct fr_attrs real, rec;
	enum fr_found found = FR_NONE;
	long r = S(nr, a[0], a[1], a[2], a[3], a[4], 0);

	if (r)
		return r;
	if (nr == NR_statx) {
		struct statx *stx = (struct statx *)(uintptr_t)buf;

		fr_attrs_from_statx(&real, stx);
		if (fr_statx_named(stx))
			found = fr_table_find(t, &real, &rec, &flags);
		if (found == FR_ASK)
			return rt_exec(nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
				       (long)a[4]);
		fr_overlay(found == FR_FOUND ? &rec : NULL, flags, &real);
		fr_statx_show(stx, &real);
	} else {
		struct stat *st = (struct stat *)(uintptr_t)buf;

		fr_attrs_from_stat(&real, st);
		found = fr_table_find(t, &real, &rec, &flags);
		if (found == FR_ASK)
			return rt_exec(nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
				       (long)a[4]);
		fr_overlay(found == FR_FOUND ? &rec : NULL, flags, &real);
		fr_stat_show(st, &real);
	}
	return 0;
}
