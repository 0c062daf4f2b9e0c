/* SPDX-License-Identifier: MIT */
/*
 * A small JSON writer for --json output (Look commands, bench): nesting and commas
 * are tracked so callers only say what to write.
 */
#ifndef COMMON_JSON_H
#define COMMON_JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 8

struct json {
	FILE *f;
	int depth;
	int need_comma[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f);
void json_object_begin(struct json *j, const char *key);	/* key NULL: a value */
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *value);	/* NULL: null */
void json_uint(struct json *j, const char *key, uint64_t value);
void json_int(struct json *j, const char *key, int64_t value);
void json_bool(struct json *j, const char *key, int value);
/* Ends the document with a newline. */
void json_finish(struct json *j);

/* Writes s as a JSON string literal, quotes included. */
void json_write_escaped(FILE *f, const char *s);

#endif /* COMMON_JSON_H */
