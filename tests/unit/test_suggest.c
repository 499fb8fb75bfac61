/*
 * test_suggest.c - "did you mean": distances and when a word is close
 * enough to suggest.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "suggest.h"

static size_t dist(const char *a, const char *b)
{
	return suggest_distance(a, strlen(a), b, strlen(b));
}

Test(suggest, distance)
{
	cr_assert_eq(dist("list", "list"), 0);
	cr_assert_eq(dist("lsit", "list"), 1);	/* a swap counts once */
	cr_assert_eq(dist("lst", "list"), 1);
	cr_assert_eq(dist("LIST", "list"), 0);	/* case is no difference */
	cr_assert_eq(dist("", "abc"), 3);
	cr_assert_eq(dist("busines_value", "business_value"), 1);
	cr_assert_eq(dist("kitten", "sitting"), 3);
}

Test(suggest, close_enough_only)
{
	const char *const words[] = { "list", "rank", NULL, "sprint" };

	cr_assert_str_eq(suggest("lsit", 4, words, 4), "list");
	cr_assert_str_eq(suggest("sprnt", 5, words, 4), "sprint");
	cr_assert_null(suggest("xyzzy", 5, words, 4));
	/* A third of the length, but never less than one edit. */
	cr_assert_str_eq(suggest("rabk", 4, words, 4), "rank");
	cr_assert_null(suggest("ls", 2, words, 4));
	/* Too long to be a typo: no suggestion, no overflow. */
	char lng[200];
	memset(lng, 'a', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = 0;
	cr_assert_null(suggest(lng, strlen(lng), words, 4));
}
