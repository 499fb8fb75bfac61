/*
 * defaults.c - the built-in configuration layer, and the prio.ini that a
 * new workspace starts with. `prio config --origin` shows which values
 * come from here ("<built-in>").
 */
#include "prio.h"

const char defaults_ini[] =
	"[rank]\n"
	"method = wsjf\n"
	"\n"
	"[method.wsjf]\n"
	"plugin = wsjf\n"
	"\n"
	"[format.csv]\n"
	"plugin = csv\n"
	"\n"
	"[format.json]\n"
	"plugin = json\n"
	"\n"
	"; The inputs of the built-in methods, so a new workspace can use any\n"
	"; of them without declaring anything.\n"
	"[field.business_value]\n"
	"type = number\n"
	"min = 0\n"
	"description = WSJF: value to the business or the user\n"
	"\n"
	"[field.time_criticality]\n"
	"type = number\n"
	"min = 0\n"
	"description = WSJF: how much the value decays with delay\n"
	"\n"
	"[field.risk_reduction]\n"
	"type = number\n"
	"min = 0\n"
	"description = WSJF: risk reduction or opportunity enablement\n"
	"\n"
	"[field.job_size]\n"
	"type = number\n"
	"min = 0\n"
	"description = WSJF: relative size of the job\n";

const char workspace_ini[] =
	"; prio workspace configuration. Settings here override the\n"
	"; built-in defaults, /etc/prio/prio.ini and ~/.config/prio/prio.ini;\n"
	"; `prio config --origin` shows where each value comes from.\n"
	"\n"
	"[rank]\n"
	"; the [method.NAME] section that orders the backlog\n"
	"method = wsjf\n"
	"\n"
	"; A custom field, checked on every write:\n"
	"; [field.revenue]\n"
	"; type = number\n"
	"; min = 0\n";
