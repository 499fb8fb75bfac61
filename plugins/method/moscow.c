/*
 * moscow.c - MoSCoW (DSDM): must, should, could, won't have this time.
 *
 *	class = the item's moscow value: must > should > could > wont
 *	score = class rank (must 3, should 2, could 1, wont 0) + position,
 *	        position = 0.9 * (v - lo) / (hi - lo) in [0, 0.9]
 *
 * where v is the item's `then` value and lo..hi the smallest and largest of
 * it in the item's class (1 - that for then_order = asc). So the integer
 * part of a score is its class and classes never interleave; within a
 * class, items go by `then`, or with then = none (position 0) by the
 * order of the set, which the host keeps for ties: manual order.
 *
 * Why `then` names a field and not another method: a plugin cannot run
 * another [method.X] through the ABI, and computing WSJF here again would
 * duplicate wsjf.c and its settings. A field covers both needs: any input
 * (business_value), or a score computed elsewhere and stored as a field.
 *
 * Settings, in [method.NAME] with plugin = moscow (config/methods.ini):
 *	field.moscow	the class field (default moscow); values must,
 *			should, could, wont (or won't), in any case
 *	then		none (default) or a number field ordering each class
 *	then_order	desc (default: highest first) or asc
 *	capacity	the timebox's capacity in points: logs how much of
 *			it each class takes (DSDM: must at most 60%, could
 *			about 20% as contingency)
 *	field.effort	the effort of an item for that report (estimate)
 *	must_max	warn above this share of capacity in must (60)
 *	could_min	warn below this share of capacity in could (20)
 *
 * An item without a class, with an unknown class, or without a valid
 * `then` value is not scored, with the reason. The capacity report counts
 * every item with a class (and an effort), scored or not: the timebox has
 * to hold them either way.
 */
#include <strings.h>

#include <prio/method-util.h>

/* Class ranks: the integer part of the score. */
enum { WONT, COULD, SHOULD, MUST, NCLASSES };

static const char *const class_names[NCLASSES] = {
	"wont", "could", "should", "must"
};

struct moscow {
	int field;		/* the class */
	int then;		/* the field ordering a class, or -1 */
	int asc;
	int effort;		/* -1 without capacity */
	double capacity, must_max, could_min;
	char name[64];		/* the section's name, for the report */
};

/* A percent from `key`, def when unset. */
static int get_percent(const struct prio_section *sec, const char *key,
		       double def, double *out, char *err)
{
	const char *v = host->get(sec, key, NULL);
	char *end;

	*out = def;
	if (!v)
		return 0;
	errno = 0;
	*out = strtod(v, &end);
	if (end == v || *end || errno == ERANGE || !(*out >= 0 && *out <= 100))
		return host->bad_value(sec, key, err,
				       "expected a percent, 0 to 100");
	return 0;
}

static int configure_(const struct prio_section *sec,
		      const struct prio_items *items, struct moscow *m,
		      char *err)
{
	/* Every key is asked for, used or not: the host knows them all. */
	const char *then = host->get(sec, "then", NULL);
	const char *order = host->get(sec, "then_order", NULL);
	const char *effort = host->get(sec, "field.effort", NULL);
	const char *cap = host->get(sec, "capacity", NULL);
	int rc;

	snprintf(m->name, sizeof(m->name), "%s", host->section_name(sec));
	if ((rc = method_resolve(sec, items, "field.moscow",
				 host->get(sec, "field.moscow", NULL), "moscow",
				 PRIO_TYPE_TEXT, &m->field, err)))
		return rc;

	m->then = -1;
	if (then && strcmp(then, "none") &&
	    (rc = method_resolve(sec, items, "then", then, NULL,
				 PRIO_TYPE_NUMBER, &m->then, err)))
		return rc;
	if (order && m->then < 0)
		return host->bad_value(sec, "then_order", err,
				       "only used with then = FIELD");
	if (order && strcmp(order, "desc") && strcmp(order, "asc"))
		return host->bad_value(sec, "then_order", err,
				       "expected desc or asc");
	m->asc = order && !strcmp(order, "asc");

	if ((rc = get_percent(sec, "must_max", 60, &m->must_max, err)) ||
	    (rc = get_percent(sec, "could_min", 20, &m->could_min, err)))
		return rc;
	if (cap) {
		char *end;

		errno = 0;
		m->capacity = strtod(cap, &end);
		if (end == cap || *end || errno == ERANGE ||
		    !(m->capacity > 0 && isfinite(m->capacity)))
			return host->bad_value(sec, "capacity", err,
					       "expected a number above 0");
	}
	m->effort = -1;
	if (!cap) {
		static const char *const needs_cap[] = {
			"field.effort", "must_max", "could_min"
		};
		for (int k = 0; k < 3; k++)
			if (host->get(sec, needs_cap[k], NULL))
				return host->bad_value(sec, needs_cap[k], err,
						       "only used with capacity");
		return 0;
	}
	return method_resolve(sec, items, "field.effort", effort, "estimate",
			      PRIO_TYPE_NUMBER, &m->effort, err);
}

static int configure(const struct prio_section *sec,
		     const struct prio_items *items, void **state, char *err)
{
	struct moscow *m = calloc(1, sizeof(*m));
	int rc;

	if (!m)
		return PRIO_ENOMEM;
	if ((rc = configure_(sec, items, m, err))) {
		free(m);
		return rc;
	}
	*state = m;
	return 0;
}

/* The class of a value, or -1: the four words, in any case. */
static int class_of(const char *s, size_t len)
{
	int c;

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (!len)
		return -1;
	/* The first letter tells which word it can be: one compare an item. */
	switch (*s | 0x20) {
	case 'm':
		c = MUST;
		break;
	case 's':
		c = SHOULD;
		break;
	case 'c':
		c = COULD;
		break;
	case 'w':
		if (len == 5 && !strncasecmp(s, "won't", 5))
			return WONT;
		c = WONT;
		break;
	default:
		return -1;
	}
	return strlen(class_names[c]) == len &&
	       !strncasecmp(s, class_names[c], len) ? c : -1;
}

static double percent(double part, double whole)
{
	return 100 * part / whole;
}

/* The DSDM check of the timebox: how the capacity splits by class. */
static void report(const struct moscow *m, const char *effort,
		   const double *sum, size_t no_effort)
{
	double planned = sum[MUST] + sum[SHOULD] + sum[COULD];

	host->log(PRIO_LOG_INFO, "%s: capacity %g: must %g (%.0f%%), should "
		  "%g (%.0f%%), could %g (%.0f%%), planned %g (%.0f%%)",
		  m->name, m->capacity, sum[MUST],
		  percent(sum[MUST], m->capacity), sum[SHOULD],
		  percent(sum[SHOULD], m->capacity), sum[COULD],
		  percent(sum[COULD], m->capacity), planned,
		  percent(planned, m->capacity));
	if (no_effort)
		host->log(PRIO_LOG_WARN, "%s: %zu item%s without %s left out of "
			  "the capacity report", m->name, no_effort,
			  no_effort == 1 ? "" : "s", effort);
	if (percent(sum[MUST], m->capacity) > m->must_max)
		host->log(PRIO_LOG_WARN, "%s: must takes %.0f%% of the capacity, "
			  "over the %g%% DSDM allows", m->name,
			  percent(sum[MUST], m->capacity), m->must_max);
	if (percent(sum[COULD], m->capacity) < m->could_min)
		host->log(PRIO_LOG_WARN, "%s: could takes %.0f%% of the capacity, "
			  "under the %g%% contingency DSDM suggests", m->name,
			  percent(sum[COULD], m->capacity), m->could_min);
}

static int score(void *state, const struct prio_items *items,
		 struct prio_result *res, char *err)
{
	const struct moscow *m = state;
	const double *then = m->then >= 0 ? host->numbers(items, m->then) : NULL;
	const double *effort = m->effort >= 0 ? host->numbers(items, m->effort)
					      : NULL;
	double lo[NCLASSES], hi[NCLASSES], sum[NCLASSES] = { 0 };
	int id[NCLASSES];
	size_t n = host->count(items), no_effort = 0;

	(void)err;
	for (int c = 0; c < NCLASSES; c++) {
		lo[c] = INFINITY;
		hi[c] = -INFINITY;
		id[c] = -1;	/* interned on first use: no empty classes */
	}
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *v = host->text(items, m->field, i, &len);
		int c = v ? class_of(v, len) : -1;

		if (c < 0) {
			const char *name = host->field_name(items, m->field);
			if (!v)
				host->unscored(res, i, "%s is missing", name);
			else
				host->unscored(res, i, "%s '%.*s' is not one of "
					       "must, should, could, wont", name,
					       len > 40 ? 40 : (int)len, v);
			continue;
		}
		if (id[c] < 0)
			id[c] = host->class_id(res, class_names[c]);
		res->klass[i] = id[c];
		if (effort && c != WONT) {
			if (isnan(effort[i]))
				no_effort++;
			else
				sum[c] += effort[i];
		}
		if (then && isnan(then[i])) {
			method_unusable(items, res, i, m->then);
			continue;
		}
		res->score[i] = c;
		if (then) {
			if (then[i] < lo[c])
				lo[c] = then[i];
			if (then[i] > hi[c])
				hi[c] = then[i];
		}
	}
	if (effort)
		report(m, host->field_name(items, m->effort), sum, no_effort);
	if (!then)
		return 0;
	/*
	 * Each step is monotonic under rounding, so the position never
	 * reverses two items; values closer than about 1e-16 of the class's
	 * range may tie, and ties keep the set's order.
	 */
	for (size_t i = 0; i < n; i++) {
		double t;
		int c;

		if (isnan(res->score[i]))
			continue;
		c = (int)res->score[i];
		if (hi[c] == lo[c])
			continue;
		t = m->asc ? hi[c] - then[i] : then[i] - lo[c];
		res->score[i] += 0.9 * (t / (hi[c] - lo[c]));
	}
	return 0;
}

/*
 * The class, the position from `then` worked out as score does, and the
 * item's place among the scored items of its class.
 */
static int explain(void *state, const struct prio_items *items,
		   const struct prio_result *res, size_t item,
		   struct prio_out *out, char *err)
{
	const struct moscow *m = state;
	const double *then = NULL;
	const char *cname, *tname = NULL;
	size_t n = host->count(items), in_class = 0, above = 0, tied = 0;
	double lo = INFINITY, hi = -INFINITY, pos = 0;
	int c, rc;

	if (isnan(res->score[item])) {
		snprintf(err, PRIO_ERR_MAX, "the item is not scored");
		return PRIO_EINVAL;
	}
	c = (int)res->score[item];
	cname = class_names[c];
	if (m->then >= 0) {
		then = host->numbers(items, m->then);
		tname = host->field_name(items, m->then);
	}
	for (size_t i = 0; i < n; i++) {
		if (isnan(res->score[i]) || (int)res->score[i] != c)
			continue;
		in_class++;
		above += res->score[i] > res->score[item];
		tied += i != item && res->score[i] == res->score[item];
		if (then && then[i] < lo)
			lo = then[i];
		if (then && then[i] > hi)
			hi = then[i];
	}
	if ((rc = method_printf(out, err, "class: %s (must 3, should 2, "
				"could 1, wont 0), %zu scored item%s in it\n",
				cname, in_class, in_class == 1 ? "" : "s")))
		return rc;
	if (!then)
		rc = method_printf(out, err, "position: 0 (then = none)\n");
	else if (hi == lo)
		rc = method_printf(out, err, "position: 0 (every scored item "
				   "in %s has %s %g)\n", cname, tname, lo);
	else {
		double t = m->asc ? hi - then[item] : then[item] - lo;

		pos = 0.9 * (t / (hi - lo));
		rc = method_printf(out, err, "position = 0.9 * (%s%s%s) / "
				   "(hi - lo) = 0.9 * (%g - %g) / (%g - %g) = "
				   "%g\n  (lo..hi = %g..%g: %s over the scored "
				   "items in %s, %s first)\n",
				   m->asc ? "hi - " : "",
				   tname, m->asc ? "" : " - lo",
				   m->asc ? hi : then[item],
				   m->asc ? then[item] : lo,
				   hi, lo, pos, lo, hi, tname, cname,
				   m->asc ? "lowest" : "highest");
	}
	if (rc || (rc = method_printf(out, err, "score = class + position = "
				      "%d + %g = %g\n", c, pos, c + pos)))
		return rc;
	if (!tied)
		return method_printf(out, err, "place in %s: %zu of %zu\n",
				     cname, above + 1, in_class);
	return method_printf(out, err, "place in %s: %zu to %zu of %zu, tied "
			     "with %zu other%s: manual order, then the set's "
			     "order, decides\n", cname, above + 1,
			     above + tied + 1, in_class, tied,
			     tied == 1 ? "" : "s");
}

static const struct prio_method_ops ops = {
	.struct_size = sizeof(struct prio_method_ops),
	.configure = configure,
	.score = score,
	.release = free,
	.explain = explain,
};

PRIO_PLUGIN_DEFINE(PRIO_KIND_METHOD, "moscow", "1.0",
		   "MoSCoW (DSDM): must, should, could, won't; then a field",
		   prio_host_keep, NULL, &ops);
