/*
 * cmd-help.c - prio help [COMMAND], and prio help --man: the prio(1)
 * manual page in roff, made from the same command table and texts as
 * --help, so that the two cannot drift (the Makefile builds the page
 * with it).
 */
#include "cmd.h"

#include <string.h>

/*
 * Writes text as roff: backslashes and hyphens escaped, a line that
 * would start with a control character (. or ') guarded.
 */
static void roff(const char *s, size_t len)
{
	int bol = 1;

	for (size_t i = 0; i < len; i++) {
		if (bol && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", stdout);
		bol = s[i] == '\n';
		if (s[i] == '\\')
			fputs("\\e", stdout);
		else if (s[i] == '-')
			fputs("\\-", stdout);
		else
			putchar(s[i]);
	}
}

static void roff_str(const char *s)
{
	roff(s, strlen(s));
}

/* A block kept as it is written (the help texts are laid out by hand). */
static void roff_block(const char *s)
{
	size_t len = strlen(s);

	while (len && s[len - 1] == '\n')
		len--;
	fputs(".PP\n.nf\n", stdout);
	roff(s, len);
	fputs("\n.fi\n", stdout);
}

static void man_page(void)
{
	const char *g = cmd_global_help, *env = strstr(g, "\nEnvironment:\n");

	fputs(".TH PRIO 1 \"\" \"prio\" \"prio manual\"\n"
	      ".SH NAME\nprio \\- keep a product backlog and put it in order\n"
	      ".SH SYNOPSIS\n.B prio\n"
	      "[\\fB\\-C\\fR \\fIDIR\\fR] [\\fB\\-c\\fR \\fIFILE\\fR] "
	      "[\\fB\\-\\-set\\fR \\fISECTION.KEY=VALUE\\fR]... "
	      "[\\fB\\-\\-as\\fR \\fIUSER\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
	      ".SH DESCRIPTION\n"
	      "prio keeps a product backlog in a workspace (prio.ini and "
	      "backlog.db) and puts it in order with a method plugin; formats "
	      "bring backlogs in and out, and a role policy says who may do "
	      "what. The configuration is described in \\fBprio.ini\\fR(5), "
	      "plugins in \\fBprio\\-plugin\\fR(7).\n"
	      ".SH OPTIONS\n", stdout);
	/* The global options and the environment, as --help has them. */
	if (env) {
		char *opts = xstrndup(g, (size_t)(env - g));

		roff_block(strchr(opts, '\n') + 1);
		free(opts);
	}
	fputs(".SH COMMANDS\n", stdout);
	for (const struct cmd *const *c = cmd_table(); *c; c++) {
		fputs(".SS ", stdout);
		roff_str((*c)->name);
		fputs("\n.nf\n.B ", stdout);
		for (const char *u = (*c)->usage; *u; ) {
			size_t n = strcspn(u, "\n");

			while (*u == ' ')
				u++, n--;
			roff(u, n);
			u += n;
			if (*u == '\n' && u++)
				fputs("\n.B ", stdout);
		}
		fputs("\n.fi\n.PP\n", stdout);
		roff_str((*c)->summary);
		fputs(".\n", stdout);
		if ((*c)->help && *(*c)->help)
			roff_block((*c)->help);
	}
	fputs(".SH EXIT STATUS\n"
	      "0 ok; 1 the operation or the data failed; 2 the command line "
	      "was wrong; 3 refused by the role policy. A command that fails "
	      "changes nothing.\n.SH ENVIRONMENT\n", stdout);
	if (env)
		roff_block(env + strlen("\nEnvironment:\n"));
	fputs(".SH FILES\n.TP\n.I prio.ini\nthe workspace's configuration\n"
	      ".TP\n.I backlog.db\nthe workspace's backlog (SQLite)\n"
	      ".TP\n.I ~/.config/prio/prio.ini\nthe user's own settings "
	      "($XDG_CONFIG_HOME/prio/prio.ini)\n"
	      ".TP\n.I /etc/prio/prio.ini\nthe machine's settings\n"
	      ".SH SEE ALSO\n\\fBprio.ini\\fR(5), \\fBprio\\-plugin\\fR(7)\n",
	      stdout);
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "man", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const struct cmd *c;
	int o;

	(void)p;
	while ((o = cmd_getopt(&cmd_help, argc, argv, "h", longopts)) != -1) {
		if (o != 'm')
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
		if (optind != argc)
			return cmd_usage(&cmd_help, EXIT_USAGE);
		man_page();
		return EXIT_OK;
	}
	if (optind == argc) {
		printf("usage: prio [-C DIR] [-c FILE] [--set S.K=V]... COMMAND "
		       "[ARGS]\n\nCommands:\n");
		cmd_list_all(stdout);
		printf("\nprio help COMMAND, or prio COMMAND --help, for more.\n");
		return EXIT_OK;
	}
	if (argc - optind > 1)
		return cmd_usage(&cmd_help, EXIT_USAGE);
	c = cmd_find(argv[optind]);
	if (!c)
		return cmd_unknown(argv[optind]);
	return cmd_usage(c, EXIT_OK);
}

const struct cmd cmd_help = {
	"help", run, "prio help [COMMAND]\n       prio help --man",
	"show the commands, or one command's usage",
	"--man   print the prio(1) manual page (roff), made from the same\n"
	"        texts as --help; make install installs it\n",
	.setup = SETUP_NONE,
};
