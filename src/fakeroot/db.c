// SPDX-License-Identifier: MIT
/*
 * Linear probing over a power-of-two table.  A slot is empty when its
 * faked mask is 0, which no stored record has (fr_db_put refuses it), so
 * no separate occupancy array is needed.  Deletion shifts the following
 * cluster back instead of leaving tombstones, so a long build that
 * creates and removes many files never degrades the table.
 *
 * Shared (fr_db_share): the table lives in the arena that table.h
 * describes, and every change is made under its seqcount.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fakeroot/db.h"
#include "fakeroot/table.h"

#define FR_DB_MIN_CAP 64

struct fr_db {
	struct fr_attrs *slots;
	size_t cap;			/* 0 or a power of two */
	size_t count;
	size_t max_records;		/* 0: no limit */
	struct fr_table *shared;	/* the arena's header, or NULL */
	size_t arena_used;		/* bytes of the arena handed out */
};

static size_t home_slot(const struct fr_db *db, uint64_t dev, uint64_t ino)
{
	return fr_home_slot(dev, ino, db->cap);
}

/* Readers of a shared table retry what they read while seq was odd. */
static void change_begin(struct fr_db *db)
{
	if (!db->shared)
		return;
	__atomic_store_n(&db->shared->seq, db->shared->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void change_end(struct fr_db *db)
{
	struct fr_table *t = db->shared;

	if (!t)
		return;
	t->cap = db->cap;
	t->count = db->count;
	t->slots_off = db->cap ? (uint64_t)((char *)db->slots - (char *)t) : 0;
	__atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELEASE);
}

/* The slot holding the key, or the empty slot where it would go.
 * Needs cap > count, which growth keeps. */
static size_t find_slot(const struct fr_db *db, uint64_t dev, uint64_t ino)
{
	size_t i = home_slot(db, dev, ino);

	while (db->slots[i].faked && (db->slots[i].dev != dev || db->slots[i].ino != ino))
		i = (i + 1) & (db->cap - 1);
	return i;
}

int fr_db_new(struct fr_db **out, size_t max_records)
{
	struct fr_db *db = calloc(1, sizeof(*db));

	if (!db)
		return -ENOMEM;
	db->max_records = max_records;
	*out = db;
	return 0;
}

void fr_db_free(struct fr_db *db)
{
	if (!db)
		return;
	if (!db->shared)
		free(db->slots);
	free(db);
}

size_t fr_db_count(const struct fr_db *db)
{
	return db->count;
}

const struct fr_attrs *fr_db_get(const struct fr_db *db, uint64_t dev, uint64_t ino)
{
	size_t i;

	if (!db->cap)
		return NULL;
	i = find_slot(db, dev, ino);
	return db->slots[i].faked ? &db->slots[i] : NULL;
}

/* new_cap zeroed slots: the next unused piece of the arena while it has
 * room (never used before, so zero already), else the heap. */
static struct fr_attrs *new_slots(struct fr_db *db, size_t new_cap)
{
	size_t bytes = new_cap * sizeof(struct fr_attrs);
	struct fr_attrs *slots;

	if (db->shared && bytes <= db->shared->arena_size - db->arena_used) {
		slots = (struct fr_attrs *)((char *)db->shared + db->arena_used);
		db->arena_used += bytes;
		return slots;
	}
	return calloc(new_cap, sizeof(struct fr_attrs));
}

static bool in_arena(const struct fr_db *db, const struct fr_attrs *slots)
{
	const char *p = (const char *)slots, *a = (const char *)db->shared;

	return db->shared && p >= a && p < a + db->shared->arena_size;
}

/* The table went to the heap: the readers must ask from now on. */
static void leave_arena(struct fr_db *db)
{
	struct fr_table *t = db->shared;

	change_begin(db);
	t->flags |= FR_TABLE_ELSEWHERE;
	__atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELEASE);
	db->shared = NULL;
}

/* Builds the bigger table where no reader looks yet; the next change
 * publishes it (readers go on with the old one meanwhile, untouched). */
static int grow(struct fr_db *db)
{
	struct fr_attrs *old = db->slots;
	size_t old_cap = db->cap, new_cap = old_cap ? old_cap * 2 : FR_DB_MIN_CAP, i;
	bool old_in_arena = in_arena(db, old);

	if (new_cap < old_cap || new_cap > SIZE_MAX / sizeof(*old))
		return -ENOMEM;
	db->slots = new_slots(db, new_cap);
	if (!db->slots) {
		db->slots = old;
		return -ENOMEM;
	}
	db->cap = new_cap;
	for (i = 0; i < old_cap; i++)
		if (old[i].faked)
			db->slots[find_slot(db, old[i].dev, old[i].ino)] = old[i];
	if (db->shared && !in_arena(db, db->slots))
		leave_arena(db);
	if (!old_in_arena)
		free(old);
	return 0;
}

int fr_db_put(struct fr_db *db, const struct fr_attrs *rec)
{
	size_t i;
	int err;

	if (!rec->faked || (rec->faked & ~(uint32_t)FR_ALL))
		return -EINVAL;
	if (db->cap) {
		i = find_slot(db, rec->dev, rec->ino);
		if (db->slots[i].faked) {
			change_begin(db);
			db->slots[i] = *rec;
			change_end(db);
			return 0;
		}
	}
	if (db->max_records && db->count >= db->max_records)
		return -ENOMEM;
	/* At most 3/4 full: probe sequences stay short. */
	if ((db->count + 1) * 4 > db->cap * 3) {
		err = grow(db);
		if (err)
			return err;
	}
	change_begin(db);
	db->slots[find_slot(db, rec->dev, rec->ino)] = *rec;
	db->count++;
	change_end(db);
	return 0;
}

int fr_db_forget(struct fr_db *db, uint64_t dev, uint64_t ino)
{
	size_t mask = db->cap - 1, hole, j, home;

	if (!db->cap)
		return 0;
	hole = find_slot(db, dev, ino);
	if (!db->slots[hole].faked)
		return 0;
	change_begin(db);
	db->slots[hole].faked = 0;
	db->count--;
	/* Close the hole: an entry further on moves back into it unless its
	 * home lies cyclically in (hole, j], where it is already reachable. */
	for (j = (hole + 1) & mask; db->slots[j].faked; j = (j + 1) & mask) {
		home = home_slot(db, db->slots[j].dev, db->slots[j].ino);
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			db->slots[hole] = db->slots[j];
			db->slots[j].faked = 0;
			hole = j;
		}
	}
	change_end(db);
	return 1;
}

const struct fr_attrs *fr_db_next(const struct fr_db *db, size_t *cursor)
{
	while (*cursor < db->cap) {
		const struct fr_attrs *r = &db->slots[(*cursor)++];

		if (r->faked)
			return r;
	}
	return NULL;
}

int fr_db_share(struct fr_db *db, void *arena, size_t size, unsigned flags)
{
	struct fr_table *t = arena;
	struct fr_attrs *slots;

	if (db->shared || size < sizeof(*t) + FR_DB_MIN_CAP * sizeof(struct fr_attrs))
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	t->magic = FR_TABLE_MAGIC;
	t->flags = flags & FR_UNKNOWN_IS_REAL;
	t->arena_size = size;
	db->shared = t;
	db->arena_used = (sizeof(*t) + 63) & ~(size_t)63;
	if (db->cap) {
		/* The records loaded so far move into the arena. */
		slots = new_slots(db, db->cap);
		if (!slots) {
			leave_arena(db);
			return 0;
		}
		memcpy(slots, db->slots, db->cap * sizeof(*slots));
		free(db->slots);
		db->slots = slots;
		if (!in_arena(db, slots)) {
			leave_arena(db);
			return 0;
		}
	}
	change_begin(db);
	change_end(db);
	return 0;
}
