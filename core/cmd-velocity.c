/*
 * cmd-velocity.c - prio velocity: points accepted per closed sprint, the
 * average of the last [sprint] velocity_window and its spread, and the
 * bugs opened and closed in each sprint.
 */
#include "cmd.h"

#include <math.h>
#include <string.h>

#include "agile.h"

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ascii", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PRIO_ERR_MAX];
	struct velocity v;
	struct chart ch;
	struct buf b = {0};
	double max = 0;
	int o, rc, ascii = 0;

	while ((o = cmd_getopt(&cmd_velocity, argc, argv, "h", longopts)) != -1) {
		if (o == 'a')
			ascii = 1;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (optind != argc)
		return cmd_usage(&cmd_velocity, EXIT_USAGE);
	chart_setup(&ch, ascii);
	if ((rc = prio_setup(p, 1, err)) || (rc = prio_open_store(p, err)) ||
	    (rc = velocity_compute(p, &v, err)))
		return fail(exit_status(rc), "%s", err);
	if (!v.nsprints) {
		printf("no closed sprint yet (prio sprint close)\n");
		velocity_release(&v);
		return EXIT_OK;
	}
	for (size_t i = 0; i < v.nsprints; i++)
		if (v.v[i].done > max)
			max = v.v[i].done;
	buf_addf(&b, "%-12s %-10s  %-26s %8s %6s  %s\n", "SPRINT", "END",
		 "ACCEPTED", "ACCEPTED", "DONE", "BUGS OPENED/CLOSED");
	for (size_t i = 0; i < v.nsprints; i++) {
		const struct sprint *sp = &v.v[i];
		size_t opened, closed;

		if ((rc = defects_count(p, sp->start, sp->end, &opened, &closed,
					err))) {
			buf_release(&b);
			velocity_release(&v);
			return fail(exit_status(rc), "%s", err);
		}
		buf_addf(&b, "%-12s %-10s  ", sp->name, sp->end);
		chart_bar(&b, &ch, sp->accepted, max, 25,
			  v.n ? v.mean : NAN,
			  i + v.n >= v.nsprints ? "32" : NULL);
		buf_addf(&b, " %8g %6g  %zu/%zu\n", sp->accepted, sp->done,
			 opened, closed);
	}
	buf_addf(&b, "\nvelocity: %.1f points per sprint (average of the last "
		 "%zu), spread %.1f (standard deviation)\n", v.mean, v.n, v.sd);
	buf_addf(&b, "(the %s mark is the average)\n", ch.utf8 ? "\u2502" : "|");
	fputs(b.p, stdout);
	buf_release(&b);
	velocity_release(&v);
	return EXIT_OK;
}

const struct cmd cmd_velocity = {
	"velocity", run, "prio velocity [--ascii]",
	"points accepted per closed sprint, their average and spread, bugs",
	"The average and the spread (population standard deviation) are over\n"
	"the last [sprint] velocity_window closed sprints (default 3); they\n"
	"give a new sprint its capacity and the release forecast its range.\n"
	"Bugs: items of type bug created, and done, within each sprint.\n"
	"--ascii draws the bars in ASCII (the default when the locale is not\n"
	"UTF-8); NO_COLOR or output to a file: no colours.\n",
};
