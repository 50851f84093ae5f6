/*
 * suggest.c: finds the name a user probably meant, by edit distance
 * (insertions, deletions, substitutions and swaps of neighbouring letters)
 * or a prefix.
 */
#include "core/suggest.h"

#include <string.h>

#define SUGGEST_MAX_LENGTH 64

/* Edits from a to b; swapping two neighbouring letters counts as one edit. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[SUGGEST_MAX_LENGTH + 1][SUGGEST_MAX_LENGTH + 1];

	if (la > SUGGEST_MAX_LENGTH || lb > SUGGEST_MAX_LENGTH)
		return SUGGEST_MAX_LENGTH;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *suggest_closest(const char *word, const char *const candidates[], size_t count)
{
	const char *best = NULL;
	size_t best_distance = SUGGEST_MAX_LENGTH;
	size_t length = strlen(word);

	for (size_t i = 0; i < count; i++) {
		size_t d = edit_distance(word, candidates[i]);

		if (length >= 2 && strncmp(candidates[i], word, length) == 0)
			d = 1; /* a prefix: "seq" for "sequential" */
		if (d < best_distance) {
			best_distance = d;
			best = candidates[i];
		}
	}
	/* Close enough to be a typo: at most 2 edits, and fewer than half the word. */
	if (best == NULL || best_distance > 2 || best_distance * 2 > length)
		return NULL;
	return best;
}
