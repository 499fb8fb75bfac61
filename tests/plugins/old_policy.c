/*
 * old_policy.c - fixture: a role policy built before ABI 1.3, when
 * finishing work was a change of status like any other. Its one role,
 * `dev`, may change status; it knows no item.finish, so the host asks it
 * item.edit.status for a move to done.
 */
#include <stdio.h>
#include <string.h>

#include <prio/policy.h>

static const char *const roles[] = { "dev", NULL };

static int check(void *state, const struct prio_request *req, char *err)
{
	(void)state;
	for (size_t i = 0; i < req->nroles; i++)
		if (!strcmp(req->roles[i], "dev") &&
		    !strcmp(req->action, "item.edit.status"))
			return 0;
	snprintf(err, PRIO_ERR_MAX, "the old policy does not know %s",
		 req->action);
	return PRIO_EDENIED;
}

static const char *const *list_roles(void *state)
{
	(void)state;
	return roles;
}

static const struct prio_policy_ops ops = {
	.struct_size = sizeof(struct prio_policy_ops),
	.check = check,
	.roles = list_roles,
};

PRIO_EXPORT extern const struct prio_plugin prio_plugin;
const struct prio_plugin prio_plugin = {
	.abi_major = PRIO_ABI_MAJOR,
	.abi_minor = 2,
	.struct_size = sizeof(struct prio_plugin),
	.kind = PRIO_KIND_POLICY,
	.name = "fixture_old_policy",
	.version = "1.0",
	.summary = "fixture: a policy from before item.finish",
	.ops = &ops,
};
