// SPDX-License-Identifier: MIT
#include <string.h>
#include "common/suggest.h"

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static unsigned int min3(unsigned int a, unsigned int b, unsigned int c)
{
	unsigned int m = a < b ? a : b;

	return m < c ? m : c;
}

unsigned int suggest_distance(const char *a, const char *b)
{
	/* Three rows of the table are enough: a swap looks two rows back. */
	unsigned int rows[3][SUGGEST_MAX_LEN + 1];
	unsigned int *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return SUGGEST_FAR;
	for (j = 0; j <= lb; j++)
		prev[j] = (unsigned int)j;
	for (i = 1; i <= la; i++) {
		cur[0] = (unsigned int)i;
		for (j = 1; j <= lb; j++) {
			unsigned int cost = fold(a[i - 1]) != fold(b[j - 1]);

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

const char *suggest_name(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	unsigned int best_d = SUGGEST_FAR, d;
	size_t i;

	for (i = 0; i < n; i++) {
		d = suggest_distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	/* Two edits turn a short name into almost anything ("ls" into "dump"). */
	if (best && (best_d <= 1 || (best_d == 2 && strlen(best) >= 5)))
		return best;
	return NULL;
}
