/* SPDX-License-Identifier: MIT */
/*
 * The one JSON writer of every --json output (the Look commands, bench):
 * nesting, commas and indentation are tracked so callers only say what to
 * write.  What it guarantees, for every document (vdsotool(1), JSON):
 *  - the top-level object's first member is "schema": "vdsotool-CMD/N";
 *  - strings are valid UTF-8: a byte that is not part of a well-formed
 *    sequence is written as \ufffd (U+FFFD, the replacement character);
 *  - numbers are exact in an IEEE double: 64-bit quantities that may
 *    exceed 2^53 (addresses, sizes, raw values) go through json_hex as
 *    "0x..." strings, never through json_uint.
 */
#ifndef COMMON_JSON_H
#define COMMON_JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 8

struct json {
	FILE *f;
	int pretty;			/* indent by two spaces, one member a line */
	int depth;
	int need_comma[JSON_MAX_DEPTH];
};

/* Starts the document: the top-level object and its "schema" member. */
void json_document_begin(struct json *j, FILE *f, int pretty, const char *schema);
/* Closes the top-level object and ends the document with a newline. */
void json_document_end(struct json *j);

void json_object_begin(struct json *j, const char *key);	/* key NULL: a value */
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *value);	/* NULL: null */
/* Only for values known to stay below 2^53 (counts, ids, indexes). */
void json_uint(struct json *j, const char *key, uint64_t value);
void json_int(struct json *j, const char *key, int64_t value);
/* "0x" and lower-case hex digits, no leading zeros: "0xffffffffff600000". */
void json_hex(struct json *j, const char *key, uint64_t value);
/* Fixed point with the given decimals; null when not finite. */
void json_double(struct json *j, const char *key, double value, int decimals);
void json_bool(struct json *j, const char *key, int value);
void json_null(struct json *j, const char *key);

/* Writes s as a JSON string literal, quotes included (rules above). */
void json_write_escaped(FILE *f, const char *s);

#endif /* COMMON_JSON_H */
