/*
 * commands.c - every command, in `prio help` order: the table main hands
 * to cmd.c (cmd_use), so that the commands and what they share do not
 * need each other.
 */
#include "cmd.h"

const struct cmd *const prio_commands[] = {
	&cmd_init, &cmd_add, &cmd_set, &cmd_show, &cmd_rm, &cmd_list,
	&cmd_rank, &cmd_watch, &cmd_import, &cmd_export, &cmd_undo, &cmd_pin, &cmd_unpin, &cmd_move, &cmd_explain, &cmd_compare, &cmd_stability,
	&cmd_criteria, &cmd_accept, &cmd_reject, &cmd_sprint, &cmd_velocity,
	&cmd_burndown, &cmd_vision, &cmd_roadmap, &cmd_method,
	&cmd_log, &cmd_store, &cmd_roles, &cmd_plugins, &cmd_trust, &cmd_config,
	&cmd_serve, &cmd_completion, &cmd_help, NULL
};
