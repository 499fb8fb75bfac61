/*
 * cmd-stability.c - prio stability: how much the ranking depends on the
 * precision of the estimates. Each input with a spread ([stability]
 * spread.FIELD = 1 step, or = 20%) is drawn again at random, N times, from
 * a fixed seed; every draw is ranked; each item gets the interval its rank
 * falls in (p10 to p90) and its chance of being in the top N.
 *
 * "K step(s)" moves a value up to K places along the values the field has
 * in the backlog (its de facto scale, so Fibonacci points stay Fibonacci);
 * "P%" multiplies it by a factor drawn between 1-P and 1+P.
 */
#include "cmd.h"
#include "visible.h"

#include "agile.h"
#include "filter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct spread {
	int col;
	int steps;		/* > 0: steps along the scale */
	double pct;		/* > 0: a fraction either way */
	double *scale;		/* the field's distinct values, sorted */
	size_t nscale;
	double *orig;		/* the values as they are */
};

static uint64_t rng;

static double uniform(void)	/* xorshift64*: fixed seed, same draws */
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (double)((rng * 2685821657736338717ull) >> 11) * 0x1p-53;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/*
 * Each shown item's ranks over the runs, in memory that does not grow
 * with the runs: a histogram of how far its rank lands from its own (its
 * rank without spreads). Near its own rank every distance has a bucket;
 * farther out the buckets widen geometrically up to the backlog's size,
 * so a percentile there is the edge of a bucket, rounded outward. The
 * fewer the items shown, the more buckets each gets: the top 20 of a
 * million items are exact to about 1,000 places either side.
 */
#define HIST_COUNTERS (16u << 20)	/* 64 MB of counters at most ... */
#define HIST_MIN 64			/* ... unless every item has 64 */
#define HIST_MAX 4096

struct hist {
	size_t k;		/* buckets on each side of the item's rank */
	size_t nb;		/* 2k + 2 per item: distances -k..k, unscored */
	size_t *lim;		/* lim[j]: the largest distance in bucket j */
	uint32_t *count;	/* nb per shown item */
	uint32_t *top;		/* per shown item: runs in the top N */
};

static void hist_init(struct hist *h, size_t shown, size_t n)
{
	size_t nb = shown ? HIST_COUNTERS / shown : HIST_MAX, exact;
	double g;

	nb = nb < HIST_MIN ? HIST_MIN : nb > HIST_MAX ? HIST_MAX : nb;
	h->k = nb / 2 - 1;
	h->nb = 2 * h->k + 2;
	h->lim = xmalloc((h->k + 1) * sizeof(*h->lim));
	h->count = xcalloc(shown ? shown * h->nb : 1, sizeof(*h->count));
	h->top = xcalloc(shown ? shown : 1, sizeof(*h->top));
	/* Half the buckets one distance each, then a geometric series to n. */
	exact = h->k / 2;
	g = n > exact ? pow((double)n / (double)exact,
			    1.0 / (double)(h->k - exact)) : 1;
	for (size_t j = 0; j <= h->k; j++) {
		double v = j <= exact ? (double)j :
			(double)exact * pow(g, (double)(j - exact));
		h->lim[j] = (size_t)llround(v);
		if (j && h->lim[j] <= h->lim[j - 1])
			h->lim[j] = h->lim[j - 1] + 1;
	}
	if (h->lim[h->k] < n)
		h->lim[h->k] = n;
}

static void hist_release(struct hist *h)
{
	free(h->lim);
	free(h->count);
	free(h->top);
}

/* The bucket of a rank at distance d from the item's own. */
static size_t hist_bucket(const struct hist *h, long d)
{
	size_t m = (size_t)(d < 0 ? -d : d), lo = 0, hi = h->k;

	while (lo < hi) {	/* the first j with lim[j] >= m */
		size_t mid = (lo + hi) / 2;
		if (h->lim[mid] < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return d < 0 ? h->k - lo : h->k + lo;
}

/*
 * The rank at index q (from 0) of the item's ranks in order, over `runs`
 * runs: exact in a one-distance bucket; else the bucket's lower edge
 * (upper = 0) or upper edge, within 1 .. n, and n + 1 for unscored.
 */
static size_t hist_rank(const struct hist *h, size_t item, size_t own,
			size_t q, size_t n, int upper)
{
	const uint32_t *c = h->count + item * h->nb;
	size_t sum = 0, b = 0;
	long d;

	for (b = 0; b < h->nb - 1; b++)
		if ((sum += c[b]) > q)
			break;
	if (b == h->nb - 1)
		return n + 1;
	if (b >= h->k)
		d = (long)(upper ? h->lim[b - h->k] :
			   b == h->k ? 0 : h->lim[b - h->k - 1] + 1);
	else
		d = -(long)(upper ? h->lim[h->k - b - 1] + 1 :
			    h->lim[h->k - b]);
	d += (long)own;
	return d < 1 ? 1 : d > (long)n ? n : (size_t)d;
}

static size_t scale_index(const struct spread *s, double v)
{
	size_t lo = 0, hi = s->nscale;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->scale[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nscale ? lo : s->nscale - 1;
}

static void draw(struct spread *s, double *num, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double v = s->orig[i];

		if (isnan(v)) {
			num[i] = v;
		} else if (s->steps) {
			long at = (long)scale_index(s, v);
			long move = (long)floor(uniform() * (2 * s->steps + 1)) -
				    s->steps;
			at += move;
			if (at < 0)
				at = 0;
			if (at >= (long)s->nscale)
				at = (long)s->nscale - 1;
			num[i] = s->scale[at];
		} else {
			num[i] = v * (1 + s->pct * (2 * uniform() - 1));
		}
	}
}

static int parse_spread(struct table *t,
			const struct config_entry *e, struct spread *s,
			char *err)
{
	const char *field = e->key + strlen("spread.");
	char where[PRIO_ERR_MAX / 2], *end;
	double v = strtod(e->value, &end);

	config_where(e, where, sizeof(where));
	memset(s, 0, sizeof(*s));
	s->col = table_find(t, field, strlen(field));
	if (s->col < 0 || t->cols[s->col].type != PRIO_TYPE_NUMBER)
		return errf(err, PRIO_EINVAL, "%s: [stability] spread.%s: no "
			    "number field '%s'", where, field, field);
	while (*end == ' ')
		end++;
	if (v > 0 && *end == '%' && !end[1] && v < 100)
		s->pct = v / 100;
	else if (v >= 1 && v == floor(v) && (!strcmp(end, "step") ||
					       !strcmp(end, "steps")))
		s->steps = (int)v;
	else
		return errf(err, PRIO_EINVAL, "%s: [stability] spread.%s = '%s': "
			    "expected K steps or P%% (such as 1 step, 20%%)",
			    where, field, e->value);
	t->cols[s->col].wanted = 1;
	return 0;
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "runs", required_argument, NULL, 'r' },
		{ "top", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "rerank", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *method = NULL, *opt_runs = NULL, *opt_top = NULL;
	const char *opt_seed = NULL;
	size_t runs, top, limit = 20, nspreads = 0, n, shown = 0, nfin, npicked;
	size_t nrank;
	char err[PRIO_ERR_MAX], num[32];
	char **terms = xcalloc((size_t)argc + 1, sizeof(*terms));
	size_t nterms = filter_args_take(&argc, argv, terms);
	struct filter f = {0};
	unsigned char *keep = NULL;
	uint32_t *follow = NULL;	/* the rows followed, in rank order */
	uint32_t *own = NULL;		/* and their ranks without spreads */
	const double *ids;
	struct spread *spreads = NULL;
	struct instance m = {0};
	struct ranking base = {0};
	struct prio_items v = {0};
	uint32_t *pos = NULL;
	struct hist h = {0};
	struct buf b = {0};
	struct table t;
	int o, rc = 0, defaulted, json = 0, rerank = 0;
	unsigned long long seed;

	while ((o = cmd_getopt(&cmd_stability, argc, argv, "hm:f:", longopts)) != -1) {
		if (o == 'm')
			method = optarg;
		else if (o == 'r')
			opt_runs = optarg;
		else if (o == 'n')
			opt_top = optarg;
		else if (o == 's')
			opt_seed = optarg;
		else if (o == 'R')
			rerank = 1;
		else if (o == 'f' && (json = json_format(optarg)) < 0) {
			free(terms);
			return fail(EXIT_USAGE, "stability: --format %s: "
				    "expected text or json", optarg);
		} else if (o == 'l') {
			if (parse_limit(optarg, &limit)) {
				free(terms);
				return cmd_usage(&cmd_stability, EXIT_USAGE);
			}
		} else if (o != 'f') {
			free(terms);
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	while (optind < argc)
		terms[nterms++] = argv[optind++];
	table_init(&t);
	if (nterms && (rc = filter_parse(&f, &p->schema, terms, nterms, err))) {
		rc = fail(EXIT_USAGE, "%s", err);
		goto out;
	}
	{
		const char *cr = opt_runs ? opt_runs : config_get(&p->cfg, "stability", "runs");
		const char *ct = opt_top ? opt_top : config_get(&p->cfg, "stability", "top");
		const char *cs = opt_seed ? opt_seed : config_get(&p->cfg, "stability", "seed");
		char *end;

		runs = cr ? strtoul(cr, &end, 10) : 1000;
		if (cr && (*end || !runs || runs > 1000000)) {
			rc = fail(EXIT_USAGE, "stability: runs '%s': expected "
				  "1 to 1000000", cr);
			goto out;
		}
		top = ct ? strtoul(ct, &end, 10) : 10;
		if (ct && (*end || !top)) {
			rc = fail(EXIT_USAGE, "stability: top '%s': expected a "
				  "whole number from 1", ct);
			goto out;
		}
		seed = cs ? strtoull(cs, &end, 10) : 1;
		if (cs && *end) {
			rc = fail(EXIT_USAGE, "stability: seed '%s': expected "
				  "a whole number", cs);
			goto out;
		}
	}
	table_release(&t);
	table_for_schema(&t, &p->schema);
	view_all(&v, &t);
	if ((rc = method_open(p, method, &v, &m, err)))
		goto failed;
	for (size_t i = 0; i < p->cfg.n && !rc; i++) {
		const struct config_entry *e = &p->cfg.v[i];
		if (strcmp(e->section, "stability") ||
		    strncmp(e->key, "spread.", 7) || !config_effective(&p->cfg, i))
			continue;
		spreads = xrealloc(spreads, (nspreads + 1) * sizeof(*spreads));
		rc = parse_spread(&t, e, &spreads[nspreads], err);
		nspreads += rc == 0;
	}
	if (rc)
		goto failed;
	/*
	 * None set: every number the method reads is uncertain by a step on
	 * its scale, a default that fits any method (WSJF's four inputs,
	 * RICE's four, a Lua script's fields).
	 */
	defaulted = !nspreads;
	for (size_t c = 0; defaulted && c < t.ncols; c++) {
		if (!t.cols[c].wanted || t.cols[c].type != PRIO_TYPE_NUMBER ||
		    !strcmp(t.cols[c].name, "id"))
			continue;
		spreads = xrealloc(spreads, (nspreads + 1) * sizeof(*spreads));
		memset(&spreads[nspreads], 0, sizeof(*spreads));
		spreads[nspreads].col = (int)c;
		spreads[nspreads++].steps = 1;
	}
	if (!nspreads) {
		rc = errf(err, PRIO_EINVAL, "no spreads: the method reads no "
			  "number to vary; say how uncertain the estimates are "
			  "in [stability], such as spread.job_size = 1 step, or "
			  "spread.business_value = 20%%");
		goto failed;
	}
	for (size_t c = 0; c < t.ncols; c++)
		if (!strcmp(t.cols[c].name, "key") ||
		    !strcmp(t.cols[c].name, "title"))
			t.cols[c].wanted = 1;
	t.cols[table_find(&t, "status", 6)].wanted = 1;
	filter_want(&f, &t);
	if ((rc = store_load(p->store, &t, 0, err)) ||
	    (rc = rank_split(p, &t, 0, &v.count, &nfin, err)) ||
	    (rc = filter_prepare(&f, p->store, &t, err)))
		goto failed;
	n = v.count;
	if ((rc = rank_run(&m, &v, &base, err)))
		goto failed;
	/* A filter picks the items followed; their ranks stay the
	 * backlog's, unless --rerank: then every run ranks them among
	 * themselves. */
	keep = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		keep[i] = (unsigned char)filter_match(&f, &t, i);
	follow = xmalloc((n + 1) * sizeof(*follow));
	own = xmalloc((n + 1) * sizeof(*own));
	npicked = 0;
	for (size_t k = 0; k < base.nscored; k++) {
		if (!keep[base.order[k]])
			continue;
		npicked++;
		if (limit && shown == limit)
			continue;
		follow[shown] = base.order[k];
		own[shown++] = (uint32_t)(rerank ? npicked : k + 1);
	}
	/* The ranks a run gives: 1 .. nrank (the open items picked, with
	 * --rerank), nrank + 1 for unscored. */
	nrank = n;
	if (rerank)
		for (size_t i = nrank = 0; i < n; i++)
			nrank += keep[i];
	for (size_t k = 0; k < nspreads; k++) {
		struct spread *s = &spreads[k];
		const double *cur = table_numbers(&t, s->col);
		size_t d = 0;

		s->orig = xmalloc((n ? n : 1) * sizeof(double));
		memcpy(s->orig, cur, n * sizeof(double));
		s->scale = xmalloc((n ? n : 1) * sizeof(double));
		for (size_t i = 0; i < n; i++)
			if (!isnan(cur[i]))
				s->scale[s->nscale++] = cur[i];
		qsort(s->scale, s->nscale, sizeof(double), cmp_double);
		for (size_t i = 0; i < s->nscale; i++)
			if (!d || s->scale[d - 1] != s->scale[i])
				s->scale[d++] = s->scale[i];
		s->nscale = d;
	}
	hist_init(&h, shown, nrank);
	pos = xmalloc((n ? n : 1) * sizeof(*pos));
	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	for (size_t run_ = 0; run_ < runs; run_++) {
		struct ranking r;

		for (size_t k = 0; k < nspreads; k++)
			draw(&spreads[k], (double *)table_numbers(&t, spreads[k].col),
			     n);
		if ((rc = rank_run(&m, &v, &r, err)))
			goto failed;
		/* pos[row]: the row's rank in this run, nrank + 1 unscored. */
		for (size_t i = 0; i < n; i++)
			pos[i] = (uint32_t)nrank + 1;
		for (size_t k = 0, c = 0; k < r.nscored; k++)
			if (!rerank || keep[r.order[k]])
				pos[r.order[k]] = (uint32_t)++c;
		ranking_release(&r);
		for (size_t k = 0; k < shown; k++) {
			uint32_t at = pos[follow[k]];
			size_t bkt = at > nrank ? h.nb - 1 :
				hist_bucket(&h, (long)at - (long)own[k]);

			h.count[k * h.nb + bkt]++;
			h.top[k] += at <= top;
		}
	}
	if (json) {
		buf_addf(&b, "{\"runs\": %zu, \"seed\": %llu, \"top\": %zu, "
			 "\"defaulted\": %s, \"spreads\": [", runs, seed, top,
			 defaulted ? "true" : "false");
		for (size_t k = 0; k < nspreads; k++) {
			const char *name = t.cols[spreads[k].col].name;

			buf_adds(&b, k ? ", {\"field\": " : "{\"field\": ");
			buf_addjson(&b, name, strlen(name));
			buf_adds(&b, spreads[k].steps ? ", \"steps\": " :
				 ", \"percent\": ");
			json_number(&b, spreads[k].steps ? spreads[k].steps :
				    spreads[k].pct * 100);
			buf_addc(&b, '}');
		}
		buf_adds(&b, "], \"items\": [");
	} else {
		char label[32];

		buf_addvisf(&b, "%zu runs, seed %llu, spreads%s:", runs, seed,
			    defaulted ? " (none set in [stability]: 1 step on "
			    "each number the method reads)" : "");
		for (size_t k = 0; k < nspreads; k++) {
			buf_adds(&b, k ? "," : "");
			if (spreads[k].steps)
				buf_addvisf(&b, " %s %d step%s",
					    t.cols[spreads[k].col].name,
					    spreads[k].steps,
					    spreads[k].steps > 1 ? "s" : "");
			else
				buf_addvisf(&b, " %s %g%%",
					    t.cols[spreads[k].col].name,
					    spreads[k].pct * 100);
		}
		snprintf(label, sizeof(label), "P(TOP %zu)", top);
		buf_addvisf(&b, "\n\n%4s  %-10s %-12s %10s  %s\n", "RANK", "ID",
			 "P10-P90", label, "TITLE");
	}
	ids = table_numbers(&t, table_find(&t, "id", 2));
	for (size_t k = 0; k < shown; k++) {
		size_t row = follow[k], len;
		int keyc = table_find(&t, "key", 3);
		int titlec = table_find(&t, "title", 5);
		const char *key = table_text(&t, keyc, row, num, &len);
		char idtext[64], range[48];
		const char *title;
		size_t lo = hist_rank(&h, k, own[k], runs / 10, nrank, 0);
		size_t hi = hist_rank(&h, k, own[k], (runs * 9) / 10 < runs ?
				      (runs * 9) / 10 : runs - 1, nrank, 1);
		double ptop = 100.0 * (double)h.top[k] / (double)runs;

		if (json) {
			buf_addf(&b, "%s\n    {\"rank\": %u, \"id\": %.0f, "
				 "\"key\": ", k ? "," : "", own[k], ids[row]);
			if (key)
				buf_addjson(&b, key, len);
			else
				buf_adds(&b, "null");
			buf_adds(&b, ", \"title\": ");
			title = table_text(&t, titlec, row, num, &len);
			if (title)
				buf_addjson(&b, title, len);
			else
				buf_adds(&b, "null");
			buf_adds(&b, ", \"p10\": ");
			json_number(&b, lo > nrank ? NAN : (double)lo);
			buf_adds(&b, ", \"p90\": ");
			json_number(&b, hi > nrank ? NAN : (double)hi);
			buf_adds(&b, ", \"p_top\": ");
			json_number(&b, (double)h.top[k] / (double)runs);
			buf_addc(&b, '}');
		} else {
			if (key)
				snprintf(idtext, sizeof(idtext), "%.*s",
					 (int)len, key);
			else
				snprintf(idtext, sizeof(idtext), "#%.0f",
					 ids[row]);
			snprintf(range, sizeof(range), "%zu-%zu", lo, hi);
			title = table_text(&t, titlec, row, num, &len);
			buf_addvisf(&b, "%4u  %-10s %-12s %9.1f%%  %.*s\n",
				    own[k], idtext, range, ptop,
				    title ? (int)len : 0, title ? title : "");
		}
		if (b.len > 1 << 16) {	/* a million lines: not all in memory */
			fputs(b.p, stdout);
			buf_reset(&b);
		}
	}
	if (json)
		buf_adds(&b, shown ? "\n  ]}\n" : "]}\n");
	fputs(b.p ? b.p : "", stdout);
	rc = EXIT_OK;
	goto out;
failed:
	rc = fail(exit_status(rc), "%s", err);
out:
	for (size_t k = 0; k < nspreads; k++) {
		free(spreads[k].scale);
		free(spreads[k].orig);
	}
	free(spreads);
	free(pos);
	free(follow);
	free(own);
	free(keep);
	free(terms);
	filter_release(&f);
	hist_release(&h);
	buf_release(&b);
	ranking_release(&base);
	instance_close(&m);
	view_release(&v);
	table_release(&t);
	return rc;
}

const struct cmd cmd_stability = {
	"stability", run,
	"prio stability [FILTER...] [--method NAME] [--runs N] [--top N] [--seed S]\n"
	"       [--limit N] [--rerank] [--format text|json]",
	"how far each item's rank moves when estimates are uncertain",
	"Each input with a spread in [stability] is drawn again at random:\n"
	"  spread.job_size = 1 step     up to 1 place along the values the\n"
	"                               field has in the backlog\n"
	"  spread.business_value = 20%  a factor between 0.8 and 1.2\n"
	"With none set, each number the method reads gets 1 step (WSJF:\n"
	"business_value, time_criticality, risk_reduction and job_size); the\n"
	"output's first line says which spreads were used.\n"
	"For each item: the range its rank falls in (10th to 90th percentile)\n"
	"and how often it lands in the top N. --runs (default 1000), --top\n"
	"(10) and --seed (1) override [stability] runs, top and seed; the same\n"
	"seed gives the same result. --limit (20; 0: all) is how many items\n"
	"are shown, and followed.\n"
	"FILTER... (as prio help list says) follows the items it picks; their\n"
	"ranks (and the top N) stay the whole backlog's, unless --rerank\n"
	"ranks them among themselves in every run.\n"
	"\n"
	"Memory does not grow with --runs: each item shown keeps a histogram\n"
	"of how far its rank lands from its own. A percentile is exact within\n"
	"1,023 places of the item's own rank when 20 items are shown (within\n"
	"15 places at the least, for a million shown); farther out it is the\n"
	"edge of a histogram bucket, rounded outward.\n"
	"\n"
	"--format json (keys are kept; new ones may be added):\n"
	"  {\"runs\", \"seed\", \"top\", \"defaulted\" (no spread set),\n"
	"   \"spreads\": [{\"field\", \"steps\" or \"percent\"}],\n"
	"   \"items\": [{\"rank\" (without spreads), \"id\", \"key\",\n"
	"   \"title\", \"p10\", \"p90\" (ranks; null: unscored that\n"
	"   often), \"p_top\" (0 to 1: how often in the top N)}]}\n",
	.setup = SETUP_STORE,
};
