/* SPDX-License-Identifier: MIT */
/*
 * The fakeroot records, shared read-only with every injected process so
 * that its runtime answers the stat family without asking the supervisor
 * (a SIGSYS in the process instead of a notification round trip).
 *
 * The database (db.c) keeps its table in an arena of the session memfd:
 * this header at the start, then the tables it has had.  The supervisor
 * is the only writer; every change is made under seq (odd while it
 * writes), and a reader takes a lookup only when seq was even and the same
 * before and after it.  A table outgrown is never reused: the memfd is
 * sealed against writes through new mappings, which also forbids punching
 * holes, so the arena holds up to twice the live table.  When the arena
 * is full the database moves to the supervisor's heap and says so here
 * (FR_TABLE_ELSEWHERE): the runtime then sends its stats to the
 * supervisor, as a process that could not be injected does.
 *
 * Header-only and freestanding: the runtime includes it.
 */
#ifndef SRC_FAKEROOT_TABLE_H
#define SRC_FAKEROOT_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "fakeroot/db.h"
#include "fakeroot/overlay.h"

#define FR_TABLE_MAGIC 0x656c626174726676ull /* "vfrtable" */

/* flags: FR_UNKNOWN_IS_REAL, and */
#define FR_TABLE_ELSEWHERE (1u << 31)

struct fr_table {
	uint64_t magic;
	uint32_t seq;
	uint32_t flags;
	uint64_t arena_size;		/* bytes from this header */
	uint64_t slots_off;		/* the live table, from this header */
	uint64_t cap;			/* slots: 0 or a power of two */
	uint64_t count;
	uint64_t applied;		/* changes of the ring (below) in the table */
};

/* A 64-bit finaliser (MurmurHash3's): inode numbers are dense and
 * sequential, so the low bits of the raw key would cluster badly. */
static inline uint64_t fr_mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* Where (dev, ino) starts probing, in a table of cap slots. */
static inline size_t fr_home_slot(uint64_t dev, uint64_t ino, size_t cap)
{
	return (size_t)fr_mix64(ino ^ fr_mix64(dev + 0x9e3779b97f4a7c15ull)) & (cap - 1);
}

enum fr_found { FR_NONE, FR_FOUND, FR_ASK, FR_GROW };

/*
 * The fitting record of the real inode a, copied into *rec, in the table
 * t as another process writes it, of which the caller has mapped the
 * first `mapped` bytes; *flags gets the view's flags.  FR_GROW: the live
 * table reaches *need bytes from t, past the mapping.  FR_ASK: the table
 * cannot answer (it moved, or its writer is slow to finish a change, or
 * died in one): the supervisor can, after its change.
 */
static inline enum fr_found fr_table_find(const struct fr_table *t, uint64_t mapped,
					  const struct fr_attrs *a, struct fr_attrs *rec,
					  unsigned *flags, uint64_t *need)
{
	const volatile struct fr_table *h = t;
	unsigned tries;

	for (tries = 0; tries < (1u << 12); tries++) {
		uint32_t seq = __atomic_load_n(&t->seq, __ATOMIC_ACQUIRE), f;
		uint64_t off, cap, i, n;
		const volatile struct fr_attrs *slots;
		enum fr_found found = FR_NONE;

		if (seq & 1) {
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#endif
			continue;
		}
		f = h->flags;
		off = h->slots_off;
		cap = h->cap;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&t->seq, __ATOMIC_RELAXED) != seq)
			continue;
		/* The header is whole: the table it names lies in the arena. */
		if (f & FR_TABLE_ELSEWHERE)
			return FR_ASK;
		*flags = f & FR_UNKNOWN_IS_REAL;
		if (cap == 0)
			return FR_NONE;
		if ((cap & (cap - 1)) || off > h->arena_size ||
		    cap > (h->arena_size - off) / sizeof(struct fr_attrs))
			return FR_ASK;
		if (off + cap * sizeof(struct fr_attrs) > mapped) {
			*need = off + cap * sizeof(struct fr_attrs);
			return FR_GROW;
		}
		slots = (const volatile struct fr_attrs *)((const char *)t + off);
		i = fr_home_slot(a->dev, a->ino, cap);
		for (n = 0; n < cap && slots[i].faked; n++, i = (i + 1) & (cap - 1)) {
			if (slots[i].dev == a->dev && slots[i].ino == a->ino) {
				rec->dev = slots[i].dev;
				rec->ino = slots[i].ino;
				rec->rdev = slots[i].rdev;
				rec->nlink = slots[i].nlink;
				rec->uid = slots[i].uid;
				rec->gid = slots[i].gid;
				rec->mode = slots[i].mode;
				rec->faked = slots[i].faked;
				found = FR_FOUND;
				break;
			}
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&t->seq, __ATOMIC_RELAXED) != seq)
			continue;
		if (found == FR_FOUND && !fr_record_fits(rec, a->mode))
			found = FR_NONE;
		return found;
	}
	return FR_ASK;
}

/*
 * The other way: a change the runtime made for chown or fchmod (it stat'ed
 * the file, and for fchmod changed its real mode) goes to the supervisor
 * as a system call no kernel has, FR_RECORD_NR, made from the runtime's
 * exec gadget, whose calls the notify filter sends to the supervisor.  Its
 * arguments are the values the record needs, never pointers, so the
 * supervisor reads no memory of the process and a recycled pid cannot
 * mislead it.  The answer is the call's.  A process forging one only
 * changes the fake view of its own user's files.
 */
/* Past RT_PROBE_NR and ATTACH_FD_NR (0x7664, 0x7665). */
#define FR_RECORD_NR 0x7666

enum { FR_RECORD_CHOWN = 1, FR_RECORD_CHMOD = 2 };

/*
 * The calling process's fake ids, for the runtime to answer get*id from:
 * uid | gid << 32 when the real, effective, saved and filesystem ids of
 * each agree, else -EAGAIN (the runtime then asks for each call).
 */
#define FR_IDS_NR 0x7667

/* Arguments: dev, ino, rdev, then mode (16 bits) | op << 16 | nlink << 32
 * (nlink is only kept for the save file: capped), real uid | gid << 32,
 * and the new owner (uid | gid << 32) or the new mode. */
static inline void fr_record_args(uint64_t *a, unsigned op, const struct fr_attrs *real,
				  uint64_t change)
{
	uint64_t nlink = real->nlink > 0xffffffffu ? 0xffffffffu : real->nlink;

	a[0] = real->dev;
	a[1] = real->ino;
	a[2] = real->rdev;
	a[3] = (real->mode & 0xffffu) | (uint64_t)(op & 0xffu) << 16 | nlink << 32;
	a[4] = real->uid | (uint64_t)real->gid << 32;
	a[5] = change;
}

static inline unsigned fr_record_decode(const uint64_t *a, struct fr_attrs *real)
{
	*real = (struct fr_attrs){
		.dev = a[0], .ino = a[1], .rdev = a[2], .mode = (uint32_t)(a[3] & 0xffffu),
		.nlink = a[3] >> 32, .uid = (uint32_t)a[4], .gid = (uint32_t)(a[4] >> 32),
	};
	return (unsigned)(a[3] >> 16) & 0xffu;
}

/*
 * The ring: the same changes, sent one way.  A chown or fchmod made in a
 * process need not wait for the supervisor to record it, as long as every
 * reader that could see the difference sees it: a change waits in the
 * ring, which the whole tree maps writable (the stats memfd, after its
 * page, at SESSION_RING_AT), until the supervisor applies it, which it
 * does before it answers any notification and at the end.  A reader looks
 * at the changes still waiting (tickets from the table's `applied` to the
 * ring's `head`) and asks the supervisor when one is for its inode.  A
 * writer takes the ring's lock (its tid: the supervisor frees the lock of
 * a writer that died), writes its slot, then moves `head`: every slot
 * below `head` is whole.  A full ring, or a lock held too long, sends the
 * change the synchronous way (FR_RECORD_NR), which the supervisor takes
 * after draining the ring, in order.  The tree can write the ring, so the
 * supervisor trusts nothing in it but what a change may do anyway: fake
 * the view of the user's own files.
 */
#define FR_RING_SLOTS 256

struct fr_ring_slot {
	uint64_t m[6];			/* fr_record_args() */
	uint64_t pad[2];
};

struct fr_ring {
	int32_t lock;			/* 0, or the tid of the writer */
	int32_t pad0;
	uint64_t head;			/* tickets given out; slot = ticket % FR_RING_SLOTS */
	uint64_t pad[6];
	struct fr_ring_slot slot[FR_RING_SLOTS];
};

/* 0 when the change m went into the ring, -1 when it must go the
 * synchronous way.  tid: the caller's. */
static inline int fr_ring_put(struct fr_ring *r, const struct fr_table *t, int32_t tid,
			      const uint64_t *m)
{
	int32_t unlocked = 0;
	uint64_t h, a;
	unsigned tries, i;

	for (tries = 0; !__atomic_compare_exchange_n(&r->lock, &unlocked, tid, 0,
						     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
	     tries++) {
		if (tries == 256)
			return -1;
		unlocked = 0;
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	}
	h = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
	a = __atomic_load_n(&t->applied, __ATOMIC_ACQUIRE);
	if (h < a || h - a >= FR_RING_SLOTS) {
		__atomic_store_n(&r->lock, 0, __ATOMIC_RELEASE);
		return -1;
	}
	for (i = 0; i < 6; i++)
		r->slot[h % FR_RING_SLOTS].m[i] = m[i];
	__atomic_store_n(&r->head, h + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&r->lock, 0, __ATOMIC_RELEASE);
	return 0;
}

/* Whether a change of (dev, ino) may still wait in the ring (1), so that
 * the table's answer could be stale. */
static inline int fr_ring_pending(const struct fr_ring *r, const struct fr_table *t, uint64_t dev,
				  uint64_t ino)
{
	uint64_t a = __atomic_load_n(&t->applied, __ATOMIC_ACQUIRE);
	uint64_t h = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE), k;

	if (h == a)
		return 0;
	if (h < a || h - a > FR_RING_SLOTS)
		return 1;
	for (k = a; k < h; k++) {
		const volatile struct fr_ring_slot *slot = &r->slot[k % FR_RING_SLOTS];

		if (slot->m[0] == dev && slot->m[1] == ino)
			return 1;
	}
	return 0;
}

#endif /* SRC_FAKEROOT_TABLE_H */
