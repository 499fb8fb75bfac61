/*
 * main.c - global options and the command table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#ifndef PRIO_VERSION	/* the Makefile's VERSION: said there alone */
#error "PRIO_VERSION is not set: build prio with make"
#endif

static void usage(FILE *to)
{
	fputs("usage: prio [-C DIR] [-c FILE] [--set SECTION.KEY=VALUE]... [--as USER] "
	      "COMMAND [ARGS]\n\n"
	      "Keep a product backlog and put it in order.\n\n"
	      "Commands:\n", to);
	cmd_list_all(to);
	fprintf(to, "\n%s", cmd_global_help);
}

int main(int argc, char **argv)
{
	struct prio p = {0};
	const struct cmd *c;
	int i, status;

	mem_setup();
	cmd_use(prio_commands);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		const char **into = NULL;

		if (!strcmp(a, "--version")) {
			printf("prio %s (plugin ABI %d.%d)\n", PRIO_VERSION,
			       PRIO_ABI_MAJOR, PRIO_ABI_MINOR);
			return EXIT_OK;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "-C"))
			into = &p.dir_opt;
		else if (!strcmp(a, "-c"))
			into = &p.config_opt;
		else if (!strcmp(a, "--as"))
			into = &p.as_opt;
		else if (!strcmp(a, "--set"))
			into = NULL;
		else if (!strncmp(a, "--set=", 6)) {
			p.sets = xrealloc(p.sets, (p.nsets + 1) * sizeof(char *));
			p.sets[p.nsets++] = argv[i] + 6;
			continue;
		} else {
			fail(EXIT_USAGE, "unknown option '%s'", a);
			usage(stderr);
			return EXIT_USAGE;
		}
		if (i + 1 >= argc) {
			free(p.sets);
			return fail(EXIT_USAGE, "%s needs a value", a);
		}
		if (into) {
			*into = argv[++i];
		} else {
			p.sets = xrealloc(p.sets, (p.nsets + 1) * sizeof(char *));
			p.sets[p.nsets++] = argv[++i];
		}
	}
	if (i >= argc) {
		usage(stderr);
		free(p.sets);
		return EXIT_USAGE;
	}
	c = cmd_find(argv[i]);
	if (!c) {
		free(p.sets);
		return cmd_unknown(argv[i]);
	}
	status = cmd_run(c, &p, argc - i, argv + i);
	free(p.sets);
	prio_release(&p);
	if (fflush(stdout) != 0 || ferror(stdout))
		return fail(EXIT_DATA, "writing the output failed");
	return status;
}
