// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common/output_file.h"
#include "fakeroot/savefile.h"
#include "fakeroot/view.h"

/* Longest line: 7 names and 64-bit values, mode in octal (22 digits). */
#define FR_SAVE_LINE_MAX 192

/* Parses "name=" then one number in base up to max; advances *p. */
static bool field(const char **p, const char *end, const char *name, unsigned base,
		  uint64_t max, uint64_t *out)
{
	size_t n = strlen(name);
	const char *s = *p;
	uint64_t v = 0;
	int digits = 0;

	if ((size_t)(end - s) < n || memcmp(s, name, n) != 0)
		return false;
	for (s += n; s < end; s++, digits++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			break;
		if (d >= base || v > (max - d) / base)
			return false;
		v = v * base + d;
	}
	if (!digits)
		return false;
	*out = v;
	*p = s;
	return true;
}

static bool blank(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return false;
	return true;
}

static int parse_line(const char *s, const char *end, struct fr_attrs *r)
{
	uint64_t mode, uid, gid;

	if (!field(&s, end, "dev=", 16, UINT64_MAX, &r->dev) ||
	    !field(&s, end, ",ino=", 10, UINT64_MAX, &r->ino) ||
	    !field(&s, end, ",mode=", 8, 0177777, &mode) ||
	    !field(&s, end, ",uid=", 10, UINT32_MAX, &uid) ||
	    !field(&s, end, ",gid=", 10, UINT32_MAX, &gid) ||
	    !field(&s, end, ",nlink=", 10, UINT64_MAX, &r->nlink) ||
	    !field(&s, end, ",rdev=", 10, UINT64_MAX, &r->rdev) || !blank(s, end))
		return -EINVAL;
	r->mode = (uint32_t)mode;
	r->uid = (uint32_t)uid;
	r->gid = (uint32_t)gid;
	r->faked = FR_ALL;
	return 0;
}

int fr_save_parse(struct fr_db *db, const char *text, size_t len, size_t *bad_line)
{
	const char *s = text, *end = text + len;
	size_t line = 0;
	int err = 0;

	while (s < end && !err) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *eol = nl ? nl : end;
		struct fr_attrs r;

		line++;
		if (!blank(s, eol)) {
			err = parse_line(s, eol, &r);
			if (!err)
				err = fr_db_put(db, &r);
		}
		s = nl ? nl + 1 : end;
	}
	if (err == -EINVAL && bad_line)
		*bad_line = line;
	return err;
}

int fr_save_load(struct fr_db *db, const char *path, size_t *bad_line)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	int fd, err = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;

			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!err)
		err = fr_save_parse(db, buf, len, bad_line);
	free(buf);
	return err;
}

static int by_key(const void *a, const void *b)
{
	const struct fr_attrs *x = *(const struct fr_attrs *const *)a;
	const struct fr_attrs *y = *(const struct fr_attrs *const *)b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

int fr_save_format(const struct fr_db *db, unsigned flags, char **text, size_t *len)
{
	size_t n = fr_db_count(db), i, cursor = 0, used = 0;
	const struct fr_attrs **recs = NULL;
	char *buf;

	if (n > SIZE_MAX / FR_SAVE_LINE_MAX - 1)
		return -ENOMEM;
	buf = malloc(n * FR_SAVE_LINE_MAX + 1);
	if (n)
		recs = malloc(n * sizeof(*recs));
	if (!buf || (n && !recs)) {
		free(buf);
		free(recs);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		recs[i] = fr_db_next(db, &cursor);
	if (n)
		qsort(recs, n, sizeof(*recs), by_key);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		const struct fr_attrs *r = recs[i];
		bool real_owner = flags & FR_UNKNOWN_IS_REAL;
		uint32_t uid = r->faked & FR_UID || real_owner ? r->uid : 0;
		uint32_t gid = r->faked & FR_GID || real_owner ? r->gid : 0;

		used += (size_t)snprintf(buf + used, FR_SAVE_LINE_MAX + 1,
					 "dev=%" PRIx64 ",ino=%" PRIu64 ",mode=%" PRIo32
					 ",uid=%" PRIu32 ",gid=%" PRIu32 ",nlink=%" PRIu64
					 ",rdev=%" PRIu64 "\n",
					 r->dev, r->ino, r->mode, uid, gid, r->nlink, r->rdev);
	}
	free(recs);
	*text = buf;
	*len = used;
	return 0;
}

/* As every output file of vdsotool: complete or not at all (output_file.h). */
static int write_out(const char *path, const char *text, size_t len)
{
	struct output_file o;
	int err = output_open(&o, path);

	if (err)
		return err < -4095 ? -EINVAL : err;
	err = output_write(&o, text, len);
	if (err) {
		output_abort(&o);
		return err;
	}
	return output_commit(&o);
}

int fr_save_write(const struct fr_db *db, unsigned flags, const char *path)
{
	char *text;
	size_t len;
	int err = fr_save_format(db, flags, &text, &len);

	if (err)
		return err;
	err = write_out(path, text, len);
	free(text);
	return err;
}
