/* SPDX-License-Identifier: MIT */
/*
 * "Did you mean ...?": the name a mistyped word was most likely meant to be.
 */
#ifndef COMMON_SUGGEST_H
#define COMMON_SUGGEST_H

#include <stddef.h>

/*
 * Edit distance between a and b, ignoring ASCII case: insertions, deletions,
 * substitutions and swaps of two neighbours cost 1 each (optimal string
 * alignment).  Words longer than SUGGEST_MAX_LEN are SUGGEST_FAR away.
 */
#define SUGGEST_MAX_LEN 32
#define SUGGEST_FAR 1000
unsigned int suggest_distance(const char *a, const char *b);

/*
 * The first of the n names closest to word, if it is close enough to be a
 * slip of the keyboard (distance 0 or 1, or 2 for names of five letters or
 * more), else NULL.
 */
const char *suggest_name(const char *word, const char *const *names, size_t n);

#endif /* COMMON_SUGGEST_H */
