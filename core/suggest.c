/*
 * suggest.c - "did you mean" (see suggest.h).
 */
#include "suggest.h"

#include <ctype.h>
#include <string.h>


/* Words longer than this are not typos worth a suggestion. */
#define SUGGEST_MAX 64

size_t suggest_distance(const char *a, size_t alen, const char *b,
			size_t blen)
{
	/* Three rows of the dynamic programme: two back for swaps. */
	size_t rows[3][SUGGEST_MAX + 1], *pp, *prev, *cur;

	if (alen > SUGGEST_MAX || blen > SUGGEST_MAX)
		return (size_t)-1;
	pp = rows[0], prev = rows[1], cur = rows[2];
	for (size_t j = 0; j <= blen; j++)
		prev[j] = j;
	for (size_t i = 1; i <= alen; i++) {
		size_t *t;

		cur[0] = i;
		for (size_t j = 1; j <= blen; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			size_t d = prev[j - 1] + (ca != cb);

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    pp[j - 2] + 1 < d)
				d = pp[j - 2] + 1;
			cur[j] = d;
		}
		t = pp, pp = prev, prev = cur, cur = t;
	}
	return prev[blen];
}

const char *suggest(const char *word, size_t len, const char *const *cands,
		    size_t n)
{
	size_t limit = len / 3, best_d = (size_t)-1;
	const char *best = NULL;

	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d;

		if (!cands[i])
			continue;
		d = suggest_distance(word, len, cands[i], strlen(cands[i]));
		if (d <= limit && d < best_d)
			best = cands[i], best_d = d;
	}
	return best;
}
