// SPDX-License-Identifier: MIT
/*
 * Linear probing over a power-of-two table.  A slot is empty when its
 * faked mask is 0, which no stored record has (fr_db_put refuses it), so
 * no separate occupancy array is needed.  Deletion shifts the following
 * cluster back instead of leaving tombstones, so a long build that
 * creates and removes many files never degrades the table.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include "fakeroot/db.h"

#define FR_DB_MIN_CAP 64

struct fr_db {
	struct fr_attrs *slots;
	size_t cap;			/* 0 or a power of two */
	size_t count;
	size_t max_records;		/* 0: no limit */
};

/* A 64-bit finaliser (MurmurHash3's): inode numbers are dense and
 * sequential, so the low bits of the raw key would cluster badly. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

static size_t home_slot(const struct fr_db *db, uint64_t dev, uint64_t ino)
{
	return (size_t)mix64(ino ^ mix64(dev + 0x9e3779b97f4a7c15ull)) & (db->cap - 1);
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

static int grow(struct fr_db *db)
{
	struct fr_attrs *old = db->slots;
	size_t old_cap = db->cap, new_cap = old_cap ? old_cap * 2 : FR_DB_MIN_CAP, i;

	if (new_cap < old_cap || new_cap > SIZE_MAX / sizeof(*old))
		return -ENOMEM;
	db->slots = calloc(new_cap, sizeof(*old));
	if (!db->slots) {
		db->slots = old;
		return -ENOMEM;
	}
	db->cap = new_cap;
	for (i = 0; i < old_cap; i++)
		if (old[i].faked)
			db->slots[find_slot(db, old[i].dev, old[i].ino)] = old[i];
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
			db->slots[i] = *rec;
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
	db->slots[find_slot(db, rec->dev, rec->ino)] = *rec;
	db->count++;
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
