/*
 * test_field.c - the schema (core/field.c): built-in fields, fields
 * declared in [field.NAME], and field_validate, which every write goes
 * through whatever the way in.
 */
#include "unit.h"

#include <math.h>

static struct config cfg;
static struct schema schema;
static char err[PRIO_ERR_MAX];

static void setup(void)
{
	memset(&cfg, 0, sizeof(cfg));
	memset(&schema, 0, sizeof(schema));
	err[0] = '\0';
}

static void teardown(void)
{
	schema_release(&schema);
	config_release(&cfg);
}

TestSuite(field, .init = setup, .fini = teardown);

/* Loads text as the only layer and the schema from it, which must work. */
static void load(const char *text)
{
	unit_config(&cfg, text, "f.ini");
	cr_assert_eq(schema_load(&schema, &cfg, err), 0, "%s", err);
}

/* The same, for a configuration the schema must refuse. */
static void load_bad(const char *text)
{
	unit_config(&cfg, text, "f.ini");
	cr_assert_eq(schema_load(&schema, &cfg, err), PRIO_EINVAL,
		     "should be refused:\n%s", text);
}

static const struct field *field(const char *name)
{
	const struct field *f = schema_find(&schema, name, strlen(name));

	cr_assert_not_null(f, "no field %s", name);
	return f;
}

/* field_validate on a string; returns the code, err and *num filled. */
static int check(const struct field *f, const char *v, double *num)
{
	double dummy;

	err[0] = '\0';
	return field_validate(f, v, strlen(v), num ? num : &dummy, err);
}

Test(field, builtins_are_present)
{
	static const char *const names[] = {
		"id", "key", "title", "type", "status", "parent", "estimate",
		"labels", "created", "updated", "position", "pin", "story",
		"initiative", "initiative_rank", "done_on", "accepted_on",
		"reject_reason"
	};

	load("");
	cr_assert_eq(schema.nbuiltin, ARRAY_SIZE(names));
	cr_assert_eq(schema.n, schema.nbuiltin);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct field *f = field(names[i]);
		cr_assert(f->flags & FIELD_BUILTIN, "%s", names[i]);
	}
	cr_assert_eq(field("id")->type, PRIO_TYPE_NUMBER);
	cr_assert(field("id")->flags & FIELD_READONLY);
	cr_assert(field("title")->flags & FIELD_REQUIRED);
	cr_assert_eq(field("title")->type, PRIO_TYPE_TEXT);
	cr_assert(field("parent")->flags & FIELD_REF);
	cr_assert(field("created")->flags & FIELD_TIME);
	cr_assert_eq(field("estimate")->type, PRIO_TYPE_NUMBER);
	cr_assert_eq(field("status")->nvalues, 6);
	cr_assert_null(schema_find(&schema, "revenue", 7));
	/* schema_find takes a length: "title" inside a longer string. */
	cr_assert_not_null(schema_find(&schema, "title=x", 5));
}

Test(field, the_defaults_declare_the_wsjf_inputs)
{
	load(defaults_ini);
	cr_assert_eq(field("business_value")->type, PRIO_TYPE_NUMBER);
	cr_assert(field("job_size")->has_min);
	cr_assert_eq(field("job_size")->min, 0);
	cr_assert_not(field("job_size")->flags & FIELD_BUILTIN);
}

Test(field, number_with_bounds)
{
	const struct field *f;

	load("[field.revenue]\ntype = number\nmin = -10.5\nmax = 1e3\n"
	     "description = yearly, in k EUR\n");
	f = field("revenue");
	cr_assert_eq(f->type, PRIO_TYPE_NUMBER);
	cr_assert(f->has_min);
	cr_assert(f->has_max);
	cr_assert_float_eq(f->min, -10.5, 1e-12);
	cr_assert_float_eq(f->max, 1000, 1e-12);
	cr_assert_str_eq(f->description, "yearly, in k EUR");
	cr_assert_not(f->flags & FIELD_BUILTIN);
	cr_assert_not_null(f->origin);
	cr_assert_eq(f->origin->line, 2, "origin is the type line");
	cr_assert_eq(schema.n, schema.nbuiltin + 1);
}

Test(field, text_with_values)
{
	const struct field *f;

	load("[field.team]\ntype = text\nvalues = web | mobile |platform\n");
	f = field("team");
	cr_assert_eq(f->type, PRIO_TYPE_TEXT);
	cr_assert_eq(f->nvalues, 3);
	cr_assert_str_eq(f->values[0], "web");
	cr_assert_str_eq(f->values[1], "mobile");
	cr_assert_str_eq(f->values[2], "platform");
}

Test(field, values_over_continuation_lines)
{
	const struct field *f;

	load("[field.size]\ntype = text\nvalues = s |\n  m |\n  l\n");
	f = field("size");
	cr_assert_eq(f->nvalues, 3);
	cr_assert_str_eq(f->values[1], "m");
	cr_assert_str_eq(f->values[2], "l");
}

Test(field, later_layer_changes_a_bound)
{
	unit_config(&cfg, "[field.revenue]\ntype = number\nmin = 0\n", "a.ini");
	unit_config(&cfg, "[field.revenue]\nmin = 5\n", "b.ini");
	cr_assert_eq(schema_load(&schema, &cfg, err), 0, "%s", err);
	cr_assert_eq(field("revenue")->min, 5);
	cr_assert_eq(schema.n, schema.nbuiltin + 1, "declared once");
}

Test(field, several_fields_in_order)
{
	load("[field.a]\ntype = number\n[field.b]\ntype = text\n");
	cr_assert_str_eq(schema.v[schema.nbuiltin].name, "a");
	cr_assert_str_eq(schema.v[schema.nbuiltin + 1].name, "b");
}

Test(field, bad_type)
{
	load_bad("[field.revenue]\n\ntype = money\n");
	assert_contains(err, "f.ini:3:");
	assert_contains(err, "money");
}

Test(field, missing_type)
{
	load_bad("[field.revenue]\nmin = 0\n");
	assert_contains(err, "f.ini:2:");
	assert_contains(err, "type");
}

Test(field, min_above_max)
{
	load_bad("[field.revenue]\ntype = number\nmin = 10\nmax = 1\n");
	assert_contains(err, "f.ini:");
	assert_contains(err, "min is above max");
}

Test(field, bound_not_a_number)
{
	load_bad("[field.revenue]\ntype = number\nmax = lots\n");
	assert_contains(err, "f.ini:3:");
	assert_contains(err, "lots");
}

Test(field, bounds_on_a_text_field)
{
	load_bad("[field.team]\ntype = text\nmin = 1\n");
	assert_contains(err, "min and max are for numbers");
}

Test(field, values_on_a_number_field)
{
	load_bad("[field.size]\ntype = number\nvalues = 1|2|3\n");
	assert_contains(err, "f.ini:3:");
	assert_contains(err, "values");
}

Test(field, empty_value_in_values)
{
	load_bad("[field.team]\ntype = text\nvalues = web||mobile\n");
	assert_contains(err, "f.ini:3:");
	assert_contains(err, "empty value");
}

/*
 * Redeclaring a built-in must be refused: [field.title] type = number
 * would otherwise be silently ignored (or, worse, taken as the user
 * meant it).
 *
 * KNOWN BUG (fails): declare() in core/field.c returns early when
 * schema_find() finds the name, "declared by an earlier entry of this
 * section", and the built-ins are in the schema too, so the built-in
 * check after it is never reached and the section is silently ignored.
 */
Test(field, redeclaring_a_builtin)
{
	load_bad("[field.title]\ntype = number\n");
	assert_contains(err, "f.ini:2:");
	assert_contains(err, "built-in");
}

Test(field, redeclaring_a_builtin_with_its_own_type)
{
	/* KNOWN BUG (fails): same cause as redeclaring_a_builtin. */
	load_bad("[field.estimate]\ntype = number\nmax = 100\n");
	assert_contains(err, "built-in");
}

/* field_validate */

Test(field, validate_numbers)
{
	const struct field *f;
	double num = 0;

	load("[field.revenue]\ntype = number\nmin = 0\nmax = 100\n");
	f = field("revenue");
	cr_assert_eq(check(f, "42", &num), 0, "%s", err);
	cr_assert_eq(num, 42);
	cr_assert_eq(check(f, " 2.5 ", &num), 0, "%s", err);
	cr_assert_eq(num, 2.5);
	cr_assert_eq(check(f, "0", &num), 0, "the bounds are inclusive");
	cr_assert_eq(check(f, "100", &num), 0, "the bounds are inclusive");
	cr_assert_eq(check(f, "1e2", &num), 0, "%s", err);

	cr_assert_eq(check(f, "-1", NULL), PRIO_EINVAL);
	assert_contains(err, "below the minimum 0");
	cr_assert_eq(check(f, "100.5", NULL), PRIO_EINVAL);
	assert_contains(err, "above the maximum 100");
	cr_assert_eq(check(f, "12abc", NULL), PRIO_EINVAL);
	assert_contains(err, "not a number");
	assert_contains(err, "'12abc'");
	cr_assert_eq(check(f, "nan", NULL), PRIO_EINVAL);
	cr_assert_eq(check(f, "inf", NULL), PRIO_EINVAL);
}

Test(field, validate_builtin_estimate_is_not_negative)
{
	load("");
	cr_assert_eq(check(field("estimate"), "0", NULL), 0, "%s", err);
	cr_assert_eq(check(field("estimate"), "-3", NULL), PRIO_EINVAL);
	assert_contains(err, "minimum");
}

Test(field, validate_enums)
{
	load("[field.team]\ntype = text\nvalues = web | mobile\n");
	cr_assert_eq(check(field("team"), "web", NULL), 0, "%s", err);
	cr_assert_eq(check(field("team"), "mobile", NULL), 0, "%s", err);
	cr_assert_eq(check(field("team"), "we", NULL), PRIO_EINVAL,
		     "a prefix of a value is not the value");
	cr_assert_eq(check(field("team"), "Web", NULL), PRIO_EINVAL);
	assert_contains(err, "'Web'");
	assert_contains(err, "web, mobile");

	cr_assert_eq(check(field("type"), "bug", NULL), 0, "%s", err);
	cr_assert_eq(check(field("type"), "feature", NULL), PRIO_EINVAL);
	cr_assert_eq(check(field("status"), "in-progress", NULL), 0, "%s", err);
	cr_assert_eq(check(field("status"), "doing", NULL), PRIO_EINVAL);
}

Test(field, validate_times)
{
	load("");
	cr_assert_eq(check(field("created"), "2026-01-31T09:00:00Z", NULL), 0,
		     "%s", err);
	cr_assert_eq(check(field("created"), "2026-01-31", NULL), PRIO_EINVAL);
	assert_contains(err, "not a time");
	cr_assert_eq(check(field("updated"), "2026-01-31 09:00:00Z", NULL),
		     PRIO_EINVAL);
	cr_assert_eq(check(field("updated"), "2026-01-31T09:00:00+01:00", NULL),
		     PRIO_EINVAL);
	cr_assert_eq(check(field("updated"), "2026-0a-31T09:00:00Z", NULL),
		     PRIO_EINVAL);
}

Test(field, validate_title_is_required)
{
	load("");
	cr_assert_eq(check(field("title"), "Fix the login", NULL), 0, "%s", err);
	cr_assert_eq(check(field("title"), "", NULL), PRIO_EINVAL);
	assert_contains(err, "must not be empty");
	/* Other text fields may be empty. */
	cr_assert_eq(check(field("labels"), "", NULL), 0, "%s", err);
}

Test(field, validate_refuses_nul_bytes)
{
	load("");
	cr_assert_eq(field_validate(field("title"), "a\0b", 3, &(double){0}, err),
		     PRIO_EINVAL);
	assert_contains(err, "NUL");
}

Test(field, validate_shortens_long_values_in_messages)
{
	char v[200];

	load("[field.n]\ntype = number\n");
	memset(v, '7', sizeof(v) - 2);
	v[sizeof(v) - 2] = 'x';
	v[sizeof(v) - 1] = '\0';
	cr_assert_eq(check(field("n"), v, NULL), PRIO_EINVAL);
	assert_contains(err, "...");
	cr_assert_lt(strlen(err), 100);
}

Test(field, computed_columns)
{
	cr_assert(field_is_computed("rank", 4));
	cr_assert(field_is_computed("score", 5));
	cr_assert(field_is_computed("class", 5));
	cr_assert(field_is_computed("unscored", 8));
	cr_assert_not(field_is_computed("title", 5));
	cr_assert_not(field_is_computed("ran", 3));
	cr_assert_not(field_is_computed("scores", 6));
}
