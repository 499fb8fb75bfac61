/*
 * stubs.c - what the core objects need from main.o, which the unit binary
 * leaves out (it has its own main). core/cmd-help.c calls cmd_find and
 * cmd_list_all, defined in core/main.c next to the command table.
 *
 * Weak, so that if they move to a core object (core/cmd.c would be their
 * natural home) that definition wins and this file is simply unused.
 */
#include "cmd.h"

__attribute__((weak)) const struct cmd *cmd_find(const char *name)
{
	(void)name;
	return NULL;
}

__attribute__((weak)) void cmd_list_all(FILE *to)
{
	(void)to;
}
