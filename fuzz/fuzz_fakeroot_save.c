// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the fakeroot save-file reader.  Beyond "no crash"
 * it checks what must hold for any input: a refused input names a line
 * that exists; an accepted one formats to text that reads back to the
 * same records and formats again to the same bytes.
 *
 *   make fuzz-build && build-fuzz/fuzz_fakeroot_save -dict=fuzz/fakeroot_save.dict \
 *	fuzz/corpus/fakeroot_save
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fakeroot/db.h"
#include "fakeroot/savefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct fr_db *db, *again;
	const struct fr_attrs *r;
	char *out, *out2;
	size_t bad = 0, lines = 1, len, len2, cursor = 0, i;
	int err;

	for (i = 0; i < size; i++)
		lines += text[i] == '\n';
	if (fr_db_new(&db, 0) || fr_db_new(&again, 0))
		abort();
	err = fr_save_parse(db, text, size, &bad);
	if (err == -EINVAL && (bad < 1 || bad > lines))
		abort();
	if (err && err != -EINVAL)
		abort();
	if (!err) {
		if (fr_save_format(db, 0, &out, &len) || strlen(out) != len)
			abort();
		if (fr_save_parse(again, out, len, NULL) || fr_db_count(again) != fr_db_count(db))
			abort();
		while ((r = fr_db_next(db, &cursor))) {
			const struct fr_attrs *b = fr_db_get(again, r->dev, r->ino);

			if (!b || memcmp(b, r, sizeof(*r)))
				abort();
		}
		if (fr_save_format(again, 0, &out2, &len2) || len2 != len || memcmp(out, out2, len))
			abort();
		free(out);
		free(out2);
	}
	fr_db_free(db);
	fr_db_free(again);
	return 0;
}
