/*
 * sprints.c - the open sprint's items added and removed, and a sprint
 * shown (sprints.h): prio sprint and the board.
 */
#include "sprints.h"
#include "visible.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

static void points_text(double v, char buf[32])
{
	if (isnan(v))
		snprintf(buf, 32, "-");
	else
		num_format(v, buf, 32);
}

/* Points committed to the sprint now (items still in it). */
double sprints_committed(const struct member *m, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		if (!m[i].removed[0] && !isnan(m[i].points))
			sum += m[i].points;
	return sum;
}

int sprints_log(struct prio *p, const struct sprint *sp, long long id,
		      const char *what, char *err)
{
	struct buf after = {0};
	int rc;

	buf_adds(&after, "{\"sprint\": ");
	buf_addjson(&after, sp->name, strlen(sp->name));
	buf_addf(&after, ", \"%s\": true}", what);
	rc = audit(p, "sprint.plan", id, NULL, after.p, err);
	buf_release(&after);
	return rc;
}

int sprints_change(struct prio *p, const char *ref, int add, int force,
		   const char *today, struct sprint_move *mv, char *err)
{
	struct sprint *sp = &mv->sp;
	struct table t;
	struct member *m = NULL;
	size_t nm = 0;
	long long in;
	char *status;
	int rc = store_sprint_find(p->store, NULL, sp, err);

	mv->est = NAN;
	mv->now = 0;
	if (rc < 0)
		return rc;
	if (!rc)
		return errf(err, PRIO_EINVAL, "no open sprint (prio sprint new "
			    "NAME --start DATE --end DATE)");
	if ((rc = store_lookup(p->store, ref, strlen(ref), &mv->id, err)) < 0)
		return rc;
	if (!rc)
		return errf(err, PRIO_EINVAL, "no item '%s'", ref);
	if ((rc = authorize(p, "sprint.plan", NULL, mv->id, err)) ||
	    (rc = store_item_sprint(p->store, mv->id, &in, err)))
		return rc;
	if (add && in)
		return errf(err, PRIO_EINVAL, "item %lld is already in sprint "
			    "%s", mv->id, sp->name);
	if (!add && !in)
		return errf(err, PRIO_EINVAL, "item %lld is not in sprint %s",
			    mv->id, sp->name);
	if ((rc = item_load(p, mv->id, &t, err))) {
		table_release(&t);
		return rc;
	}
	mv->est = item_num(&t, "estimate");
	status = xstrdup(item_text(&t, "status"));
	table_release(&t);
	if (add && !strcmp(status, "accepted")) {
		free(status);
		return errf(err, PRIO_EINVAL, "item %lld is accepted already",
			    mv->id);
	}
	free(status);
	if (add && !isnan(mv->est)) {
		if ((rc = sprint_members(p, sp->id, &m, &nm, err))) {
			free(m);
			return rc;
		}
		mv->now = sprints_committed(m, nm) + mv->est;
		free(m);
		if (mv->now > sp->capacity && !force)
			return errf(err, PRIO_EINVAL, "item %lld (%g points) "
				    "would put %g points in sprint %s, over its "
				    "capacity of %g: --force adds it anyway",
				    mv->id, mv->est, mv->now, sp->name,
				    sp->capacity);
	}
	if ((rc = store_begin(p->store, err)) ||
	    (rc = add ? store_sprint_add(p->store, sp->id, mv->id, mv->est,
					 today, err)
		      : store_sprint_remove(p->store, sp->id, mv->id, today,
					    NULL, err)) < 0 ||
	    (rc = sprints_log(p, sp, mv->id, add ? "added" : "removed", err)) ||
	    (rc = store_commit(p->store, err))) {
		store_rollback(p->store);
		return rc;
	}
	return 0;
}

static void show_text(struct buf *b, const struct sprint_state *s,
		      const struct span *bugs, int ascii)
{
	const struct tally *t = &s->tally;
	struct chart ch;

	chart_setup(&ch, ascii);
	buf_addvisf(b, "sprint %s  %s .. %s  %s\n", s->sp.name, s->sp.start,
		 s->sp.end, s->sp.closed ? "closed" : "open");
	buf_addf(b, "%-6s %-12s %6s  %-10s %s\n", "ID", "STATUS", "POINTS",
		 "OUTCOME", "TITLE");
	for (size_t i = 0; i < s->nm; i++) {
		const struct member *m = &s->m[i];
		char pt[32];

		if (m->removed[0] && !m->outcome[0])
			continue;	/* taken out by hand: not shown */
		points_text(m->points, pt);
		buf_addvisf(b, "%-6lld %-12s %6s  %-10s %s\n", m->item,
			 m->title ? m->status : "(deleted)", pt, m->outcome,
			 m->title ? m->title : "");
	}
	buf_addf(b, "\ncapacity  %g points\n", s->sp.capacity);
	buf_adds(b, "done      ");
	chart_bar(b, &ch, t->done, t->committed > s->sp.capacity ?
		  t->committed : s->sp.capacity, 30, NAN, "32");
	buf_addf(b, " %g of %g committed (%g accepted)\n", t->done,
		 t->committed, t->accepted);
	buf_adds(b, "time      ");
	chart_bar(b, &ch, (double)s->day, (double)s->days, 30, NAN, "36");
	buf_addf(b, " day %ld of %ld\n", s->day, s->days);
	buf_addf(b, "defects   %zu opened, %zu closed\n", bugs->opened,
		 bugs->closed);
}

static void json_text_or_null(struct buf *b, const char *s)
{
	if (s && *s)
		buf_addjson(b, s, strlen(s));
	else
		buf_adds(b, "null");
}

static void show_json(struct buf *b, const struct sprint_state *s,
		      const struct span *bugs)
{
	size_t n = 0;

	buf_adds(b, "{\"sprint\": ");
	buf_addjson(b, s->sp.name, strlen(s->sp.name));
	buf_addf(b, ", \"state\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", "
		 "\"capacity\": ", s->sp.closed ? "closed" : "open",
		 s->sp.start, s->sp.end);
	json_number(b, s->sp.capacity);
	buf_adds(b, ",\n  \"committed\": ");
	json_number(b, s->tally.committed);
	buf_adds(b, ", \"done\": ");
	json_number(b, s->tally.done);
	buf_adds(b, ", \"accepted\": ");
	json_number(b, s->tally.accepted);
	buf_addf(b, ", \"day\": %ld, \"days\": %ld, \"closed_on\": ", s->day,
		 s->days);
	json_text_or_null(b, s->sp.closed_on);
	buf_addf(b, ",\n  \"bugs\": {\"opened\": %zu, \"closed\": %zu},\n"
		 "  \"items\": [", bugs->opened, bugs->closed);
	for (size_t i = 0; i < s->nm; i++) {
		const struct member *m = &s->m[i];

		if (m->removed[0] && !m->outcome[0])
			continue;
		buf_addf(b, "%s\n    {\"id\": %lld, \"key\": ", n++ ? "," : "",
			 m->item);
		json_text_or_null(b, m->key);
		buf_adds(b, ", \"title\": ");
		json_text_or_null(b, m->title);
		buf_adds(b, ", \"status\": ");
		json_text_or_null(b, m->status);
		buf_adds(b, ", \"points\": ");
		json_number(b, m->points);
		buf_adds(b, ", \"outcome\": ");
		json_text_or_null(b, m->outcome);
		buf_addc(b, '}');
	}
	buf_adds(b, n ? "\n  ]}\n" : "]}\n");
}

int sprints_show(struct prio *p, const char *name, int json, int ascii,
		 const char *today_s, struct buf *b, char *err)
{
	struct sprint_state s;
	struct table t;
	struct span bugs;
	long today;
	int rc;

	date_parse(today_s, &today);
	if ((rc = sprint_state_load(p, name, 0, today, &s, err)) <= 0) {
		sprint_state_release(&s);
		if (rc < 0)
			return rc;
		if (name)
			return errf(err, PRIO_EINVAL, "no sprint '%s' (prio "
				    "velocity lists the closed ones)", name);
		return errf(err, PRIO_EINVAL, "no open sprint (prio sprint new "
			    "NAME --start DATE --end DATE)");
	}
	if ((rc = backlog_load(p, &t, err))) {
		table_release(&t);
		sprint_state_release(&s);
		return rc;
	}
	bugs.from = s.start;
	bugs.to = s.end;
	backlog_spans(&t, &bugs, 1);
	table_release(&t);
	if (json)
		show_json(b, &s, &bugs);
	else
		show_text(b, &s, &bugs, ascii);
	sprint_state_release(&s);
	return 0;
}
