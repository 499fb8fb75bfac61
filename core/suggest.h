/*
 * suggest.h - "did you mean": the candidate closest to a mistyped word.
 *
 * Closeness is the optimal string alignment distance (insertions,
 * deletions, substitutions and swaps of two neighbours each cost 1),
 * ignoring case. A candidate is suggested only when it is close enough
 * to be a typo rather than another word: at most a third of the word's
 * length (at least 1, at most 3) away. Ties go to the earlier candidate.
 */
#ifndef SUGGEST_H
#define SUGGEST_H

#include <stddef.h>

/* The distance between a[0..alen) and b[0..blen), ignoring case. */
size_t suggest_distance(const char *a, size_t alen, const char *b,
			size_t blen);

/*
 * The closest of n candidates (NULL entries are skipped) to word, or
 * NULL when none is close enough.
 */
const char *suggest(const char *word, size_t len, const char *const *cands,
		    size_t n);

#endif /* SUGGEST_H */
