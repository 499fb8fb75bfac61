/*
 * cmd-completion.c - prio completion bash|zsh: shell completion made from
 * the command table, so that it knows every command, sub-command and
 * option as --help states them; and prio completion --words WHAT, which
 * the scripts call for what only the workspace knows (fields, methods,
 * formats, item keys).
 *
 * The Makefile runs `prio completion bash|zsh` at build time and installs
 * the scripts where bash-completion and zsh look for them.
 */
#include "cmd.h"
#include "visible.h"

#include <ctype.h>
#include <string.h>

#include "plugin.h"

/* Adds word w[0..len) to the space-separated list b, once. */
static void word_add(struct buf *b, const char *w, size_t len)
{
	for (const char *at = b->p; at && *at; ) {
		size_t n = strcspn(at, " ");

		if (n == len && !memcmp(at, w, len))
			return;
		at += n + (at[n] == ' ');
	}
	if (b->len)
		buf_addc(b, ' ');
	buf_add(b, w, len);
}

/* The long options a command's usage and help mention, and --help. */
static void options_of(const struct cmd *c, struct buf *b)
{
	const char *texts[] = { c->usage, c->help };

	for (size_t t = 0; t < ARRAY_SIZE(texts); t++) {
		const char *s = texts[t];

		for (; s && (s = strstr(s, "--")); s += 2) {
			size_t n = 2;

			if (s > texts[t] && !strchr(" [|(,\n", s[-1]))
				continue;
			while (islower((unsigned char)s[n]) ||
			       (s[n] == '-' && islower((unsigned char)s[n + 1])))
				n++;
			if (n > 3)
				word_add(b, s, n);
		}
	}
	word_add(b, "--help", 6);
}

/*
 * The sub-commands of a command, from its usage lines: "prio sprint
 * add|rm ID" gives add and rm.
 */
static void subcommands_of(const struct cmd *c, struct buf *b)
{
	size_t nlen = strlen(c->name);

	for (const char *s = c->usage; s && *s; ) {
		const char *end = strchr(s, '\n'), *w;

		while (*s == ' ')
			s++;
		if (!strncmp(s, "prio ", 5) && !strncmp(s + 5, c->name, nlen) &&
		    s[5 + nlen] == ' ') {
			w = s + 6 + nlen;
			for (;;) {
				size_t n = 0;

				while (islower((unsigned char)w[n]) ||
				       (n && w[n] == '-'))
					n++;
				if (!n || !strchr("| \n", w[n] ? w[n] : '\n'))
					break;
				if (w[n] == '|' || w[n] == ' ' || !w[n] ||
				    w[n] == '\n')
					word_add(b, w, n);
				if (w[n] != '|')
					break;
				w += n + 1;
			}
		}
		s = end ? end + 1 : NULL;
	}
}

/* Prints what completes WHAT: the scripts' way to ask the workspace. */
static int words(struct prio *p, const char *what, const char *arg)
{
	char err[PRIO_ERR_MAX];
	struct buf b = {0};

	if (!strcmp(what, "commands")) {
		for (const struct cmd *const *c = cmd_table(); *c; c++)
			word_add(&b, (*c)->name, strlen((*c)->name));
	} else if (!strcmp(what, "options") || !strcmp(what, "subcommands")) {
		const struct cmd *c = arg ? cmd_find(arg) : NULL;

		if (c && what[0] == 'o')
			options_of(c, &b);
		else if (c)
			subcommands_of(c, &b);
	} else if (!strcmp(what, "fields")) {
		if (prio_setup(p, 0, err) == 0)
			for (size_t i = 0; i < p->schema.n; i++)
				if (!(p->schema.v[i].flags & FIELD_READONLY))
					word_add(&b, p->schema.v[i].name,
						 strlen(p->schema.v[i].name));
	} else if (!strcmp(what, "methods") || !strcmp(what, "formats")) {
		enum prio_kind k = what[0] == 'm' ? PRIO_KIND_METHOD
						  : PRIO_KIND_FORMAT;
		const char *prefix = k == PRIO_KIND_METHOD ? "method." : "format.";

		if (prio_setup(p, 0, err) == 0) {
			for (size_t i = 0; i < p->cfg.n; i++) {
				const char *s = p->cfg.v[i].section;

				if (!strncmp(s, prefix, 7) && s[7])
					word_add(&b, s + 7, strlen(s + 7));
			}
			prio_load_plugins(p);
			for (size_t i = 0; i < p->plugins.n; i++) {
				const struct prio_plugin *d = p->plugins.v[i]->desc;

				if (d && !p->plugins.v[i]->refused && d->kind == k)
					word_add(&b, d->name, strlen(d->name));
			}
		}
	} else if (!strcmp(what, "keys")) {
		struct table t;
		int col;

		if (prio_setup(p, 1, err) == 0 && prio_open_store(p, err) == 0) {
			table_for_schema(&t, &p->schema);
			col = table_find(&t, "key", 3);
			if (col >= 0) {
				t.cols[col].wanted = 1;
				if (store_load(p->store, &t, 0, err) == 0) {
					for (size_t r = 0; r < t.nrows; r++) {
						char num[32];
						size_t len;
						const char *k = table_text(&t, col, r, num,
									   &len);
						/* A key the terminal would
						 * obey is no word to offer. */
						if (!k || !len || !vis_plain(k, len))
							continue;
						if (b.len)	/* unique: no word_add */
							buf_addc(&b, ' ');
						buf_add(&b, k, len);
					}
				}
			}
			table_release(&t);
		}
	} else {
		return fail(EXIT_USAGE, "completion --words: '%s' is not one of "
			    "commands, options, subcommands, fields, methods, "
			    "formats, keys", what);
	}
	/* Completion is best effort: a word list, even an empty one. */
	if (b.len)
		printf("%s\n", b.p);
	buf_release(&b);
	return EXIT_OK;
}

/* Every command's name, space-separated. */
static void command_names(struct buf *b)
{
	for (const struct cmd *const *c = cmd_table(); *c; c++)
		word_add(b, (*c)->name, strlen((*c)->name));
}

/*
 * A case branch per command, setting its options and sub-commands: the
 * same shell words for bash and zsh.
 */
static void command_cases(void)
{
	for (const struct cmd *const *c = cmd_table(); *c; c++) {
		struct buf o = {0}, s = {0};

		options_of(*c, &o);
		subcommands_of(*c, &s);
		printf("\t%s) opts=\"%s\" subs=\"%s\" ;;\n", (*c)->name, o.p,
		       s.p ? s.p : "");
		buf_release(&o);
		buf_release(&s);
	}
}

/* The bash script: the command's words, then what completes each. */
static void bash_script(void)
{
	struct buf cmds = {0};

	command_names(&cmds);
	printf("# bash completion for prio, made by `prio completion bash`\n"
	       "_prio_words() { command prio ${_prio_ws:+-C \"$_prio_ws\"} "
	       "completion --words \"$@\" 2>/dev/null; }\n"
	       "_prio() {\n"
	       "\tlocal cur=${COMP_WORDS[COMP_CWORD]} "
	       "prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	       "\tlocal i cmd= nth=0 _prio_ws=\n"
	       "\tCOMPREPLY=()\n"
	       "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	       "\t\tcase ${COMP_WORDS[i]} in\n"
	       "\t\t-C) _prio_ws=${COMP_WORDS[i+1]}; ((i++)) ;;\n"
	       "\t\t-c|--as|--set) ((i++)) ;;\n"
	       "\t\t-*) ;;\n"
	       "\t\t*) if [ -z \"$cmd\" ]; then cmd=${COMP_WORDS[i]}; "
	       "else ((nth++)); fi ;;\n"
	       "\t\tesac\n"
	       "\tdone\n"
	       "\tcase $prev in\n"
	       "\t-C) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
	       "\t-c|-o|--output|--in|--rejects|--from-file)\n"
	       "\t\tCOMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	       "\t--method) COMPREPLY=($(compgen -W \"$(_prio_words methods)\" "
	       "-- \"$cur\")); return ;;\n"
	       "\t--format|--to|--from) COMPREPLY=($(compgen -W \"table text "
	       "$(_prio_words formats)\" -- \"$cur\")); return ;;\n"
	       "\tesac\n"
	       "\tif [ -z \"$cmd\" ]; then\n"
	       "\t\tcase $cur in\n"
	       "\t\t-*) COMPREPLY=($(compgen -W \"-C -c --set --as --version "
	       "--help\" -- \"$cur\")) ;;\n"
	       "\t\t*) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")) ;;\n"
	       "\t\tesac\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tlocal opts= subs=\n"
	       "\tcase $cmd in\n", cmds.p);
	command_cases();
	printf("\tesac\n"
	       "\tcase $cur in\n"
	       "\t-*) COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\")) ;;\n"
	       "\t*=*) ;;\n"
	       "\t*)\n"
	       "\t\tif [ -n \"$subs\" ] && [ $nth -eq 0 ]; then\n"
	       "\t\t\tCOMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
	       "\t\telif [ \"$cmd\" = method ] || [ \"$cmd\" = compare ]; then\n"
	       "\t\t\tCOMPREPLY=($(compgen -W \"$(_prio_words methods)\" -- \"$cur\"))\n"
	       "\t\telif [ \"$cmd\" = help ]; then\n"
	       "\t\t\tCOMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n"
	       "\t\telse\n"
	       "\t\t\tlocal w=\"$(_prio_words keys)\"\n"
	       "\t\t\tcase $cmd in add|set|import) w=\"$w $(_prio_words fields "
	       "| sed 's/\\([^ ]*\\)/\\1=/g')\"; compopt -o nospace 2>/dev/null ;; esac\n"
	       "\t\t\tCOMPREPLY=($(compgen -W \"$w\" -- \"$cur\"))\n"
	       "\t\tfi ;;\n"
	       "\tesac\n"
	       "}\n"
	       "complete -F _prio prio\n", cmds.p);
	buf_release(&cmds);
}

/* The same logic for zsh, with its own words: one _prio function. */
static void zsh_script(void)
{
	struct buf cmds = {0};

	command_names(&cmds);
	printf("#compdef prio\n"
	       "# zsh completion for prio, made by `prio completion zsh`\n"
	       "_prio_words() { command prio ${ws:+-C \"$ws\"} completion "
	       "--words \"$@\" 2>/dev/null; }\n"
	       "_prio() {\n"
	       "\tlocal i cmd= nth=0 ws= cur=${words[CURRENT]} "
	       "prev=${words[CURRENT-1]}\n"
	       "\tfor ((i = 2; i < CURRENT; i++)); do\n"
	       "\t\tcase ${words[i]} in\n"
	       "\t\t-C) ws=${words[i+1]}; ((i++)) ;;\n"
	       "\t\t-c|--as|--set) ((i++)) ;;\n"
	       "\t\t-*) ;;\n"
	       "\t\t*) if [[ -z $cmd ]]; then cmd=${words[i]}; "
	       "else ((nth++)); fi ;;\n"
	       "\t\tesac\n"
	       "\tdone\n"
	       "\tcase $prev in\n"
	       "\t-C) _files -/; return ;;\n"
	       "\t-c|-o|--output|--in|--rejects|--from-file) _files; return ;;\n"
	       "\t--method) compadd -- ${=\"$(_prio_words methods)\"}; return ;;\n"
	       "\t--format|--to|--from) compadd -- table text "
	       "${=\"$(_prio_words formats)\"}; return ;;\n"
	       "\tesac\n"
	       "\tif [[ -z $cmd ]]; then\n"
	       "\t\tif [[ $cur == -* ]]; then compadd -- -C -c --set --as "
	       "--version --help\n"
	       "\t\telse compadd -- %s; fi\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tlocal opts= subs=\n"
	       "\tcase $cmd in\n", cmds.p);
	command_cases();
	printf("\tesac\n"
	       "\tif [[ $cur == -* ]]; then compadd -- ${=opts}\n"
	       "\telif [[ -n $subs && $nth -eq 0 ]]; then compadd -- ${=subs}\n"
	       "\telif [[ $cmd == method || $cmd == compare ]]; then compadd -- "
	       "${=\"$(_prio_words methods)\"}\n"
	       "\telif [[ $cmd == help ]]; then compadd -- %s\n"
	       "\telse\n"
	       "\t\tcompadd -- ${=\"$(_prio_words keys)\"}\n"
	       "\t\tcase $cmd in add|set|import) compadd -S '' -- "
	       "${^=\"$(_prio_words fields)\"}= ;; esac\n"
	       "\tfi\n"
	       "}\n"
	       "_prio \"$@\"\n", cmds.p);
	buf_release(&cmds);
}

static int run(struct prio *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "words", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *what = NULL;
	int o;

	while ((o = cmd_getopt(&cmd_completion, argc, argv, "+hw:",
			       longopts)) != -1) {
		if (o == 'w')
			what = optarg;
		else
			return o == 'h' ? EXIT_OK : EXIT_USAGE;
	}
	if (what) {
		if (argc - optind > 1)
			return cmd_usage(&cmd_completion, EXIT_USAGE);
		return words(p, what, optind < argc ? argv[optind] : NULL);
	}
	if (argc - optind != 1)
		return cmd_usage(&cmd_completion, EXIT_USAGE);
	if (!strcmp(argv[optind], "bash"))
		bash_script();
	else if (!strcmp(argv[optind], "zsh"))
		zsh_script();
	else
		return fail(EXIT_USAGE, "completion: '%s': bash or zsh",
			    argv[optind]);
	return EXIT_OK;
}

const struct cmd cmd_completion = {
	"completion", run,
	"prio completion bash|zsh\n"
	"       prio completion --words WHAT [COMMAND]",
	"print the shell completion script for bash or zsh",
	"make install puts both where the shells look for them\n"
	"(share/bash-completion/completions/prio, share/zsh/site-functions/_prio).\n"
	"To try one in this shell: source <(prio completion bash).\n\n"
	"--words WHAT   the words the scripts complete, space-separated:\n"
	"               commands, options COMMAND, subcommands COMMAND,\n"
	"               fields, methods, formats, keys (of the workspace)\n",
	.setup = SETUP_NONE,
};
