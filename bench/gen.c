/*
 * gen.c - writes a synthetic backlog as CSV: fixed seed, so the same N
 * gives the same file. Usage: gen N [SEED] > backlog.csv
 *
 * Columns: key, title (some long, some non-ASCII, some quoted with commas),
 * type, status, labels, and the inputs of WSJF, RICE, MoSCoW and
 * value/effort. About one item in fifty lacks its job size, as real
 * backlogs do.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static uint32_t next(void)	/* xorshift64*: fast and good enough */
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 2685821657736338717ull) >> 32);
}

static const char *pick(const char *const *v, size_t n)
{
	return v[next() % n];
}

#define PICK(v) pick(v, sizeof(v) / sizeof(v[0]))

int main(int argc, char **argv)
{
	static const char *const verbs[] = {
		"Add", "Fix", "Improve", "Remove", "Speed up", "Redesign",
		"Localise", "Document", "Migrate", "Audit"
	};
	static const char *const things[] = {
		"checkout", "search results", "the product page", "login",
		"order history", "the payment retry", "Größentabelle",
		"préférences", "wishlist sharing", "the loyalty programme",
		"\"saved carts\", across devices", "notifications"
	};
	static const char *const types[] = {
		"story", "story", "story", "bug", "task", "debt", "spike", "epic"
	};
	static const char *const statuses[] = { "new", "ready", "proposed" };
	static const char *const labels[] = {
		"checkout", "\"search,ux\"", "payments", "a11y", "performance",
		"mobile", ""
	};
	static const char *const moscow[] = { "must", "should", "could", "wont" };
	static const int fib[] = { 1, 2, 3, 5, 8, 13, 20 };
	long n = argc > 1 ? atol(argv[1]) : 1000;

	state = argc > 2 ? strtoull(argv[2], NULL, 10) : 88172645463325252ull;
	if (n <= 0 || !state) {
		fprintf(stderr, "usage: gen N [SEED]\n");
		return 2;
	}
	puts("key,title,type,status,labels,business_value,time_criticality,"
	     "risk_reduction,job_size,reach,impact,confidence,effort,moscow,"
	     "value");
	for (long i = 1; i <= n; i++) {
		const char *thing = PICK(things);
		int quoted = thing[0] == '"';

		printf("BL-%ld,%s%s %s%s%s,%s,%s,%s,%d,%d,%d,", i,
		       quoted ? "\"" : "", PICK(verbs),
		       quoted ? "\"\"saved carts\"\", across devices" : thing,
		       next() % 10 ? "" : " — a longer title that goes on to "
		       "describe the acceptance context in some detail",
		       quoted ? "\"" : "", PICK(types), PICK(statuses),
		       PICK(labels), fib[next() % 7], fib[next() % 7],
		       fib[next() % 7]);
		if (next() % 50)
			printf("%d", fib[next() % 7]);
		printf(",%u,%s,%u,%.1f,%s,%u\n", next() % 10000,
		       (const char *[]){ "3", "2", "1", "0.5", "0.25" }[next() % 5],
		       (unsigned[]){ 100, 80, 50 }[next() % 3],
		       (next() % 120) / 10.0 + 0.5, PICK(moscow), next() % 10 + 1);
	}
	return 0;
}
