// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <math.h>
#include "common/json.h"
#include "common/utf8.h"

void json_write_escaped(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	fputc('"', f);
	while (*p) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				fprintf(f, "\\u%04x", *p);
				break;
			}
			n = utf8_sequence_len(p);
			if (!n) {
				/* Written as an escape, so the output stays ASCII
				 * wherever the input was not text. */
				fputs("\\ufffd", f);
				break;
			}
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		p++;
	}
	fputc('"', f);
}

static void newline(struct json *j, int depth)
{
	int i;

	fputc('\n', j->f);
	for (i = 0; i < depth; i++)
		fputs("  ", j->f);
}

static void prefix(struct json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = 1;
	if (j->pretty && j->depth > 0)
		newline(j, j->depth);
	if (key) {
		json_write_escaped(j->f, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void open_scope(struct json *j, const char *key, char c)
{
	prefix(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = 0;
}

static void close_scope(struct json *j, char c)
{
	/* An empty scope stays on its line: [] and {}. */
	if (j->pretty && j->need_comma[j->depth])
		newline(j, j->depth - 1);
	fputc(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void json_document_begin(struct json *j, FILE *f, int pretty, const char *schema)
{
	j->f = f;
	j->pretty = pretty;
	j->depth = 0;
	j->need_comma[0] = 0;
	json_object_begin(j, NULL);
	json_string(j, "schema", schema);
}

void json_document_end(struct json *j)
{
	json_object_end(j);
	fputc('\n', j->f);
	fflush(j->f);
}

void json_object_begin(struct json *j, const char *key)
{
	open_scope(j, key, '{');
}

void json_object_end(struct json *j)
{
	close_scope(j, '}');
}

void json_array_begin(struct json *j, const char *key)
{
	open_scope(j, key, '[');
}

void json_array_end(struct json *j)
{
	close_scope(j, ']');
}

void json_string(struct json *j, const char *key, const char *value)
{
	prefix(j, key);
	if (value)
		json_write_escaped(j->f, value);
	else
		fputs("null", j->f);
}

void json_uint(struct json *j, const char *key, uint64_t value)
{
	prefix(j, key);
	fprintf(j->f, "%" PRIu64, value);
}

void json_int(struct json *j, const char *key, int64_t value)
{
	prefix(j, key);
	fprintf(j->f, "%" PRId64, value);
}

void json_hex(struct json *j, const char *key, uint64_t value)
{
	prefix(j, key);
	fprintf(j->f, "\"0x%" PRIx64 "\"", value);
}

void json_double(struct json *j, const char *key, double value, int decimals)
{
	prefix(j, key);
	if (isfinite(value))
		fprintf(j->f, "%.*f", decimals, value);
	else
		fputs("null", j->f);
}

void json_bool(struct json *j, const char *key, int value)
{
	prefix(j, key);
	fputs(value ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	prefix(j, key);
	fputs("null", j->f);
}
