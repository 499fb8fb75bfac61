/*
 * test_plugin.c - the loader (core/plugin.c). Each fixture plugin in
 * tests/plugins/ is refused for one reason, with a message that says
 * which; files that are not C (a text file called .so, an unsafe copy of
 * a good plugin, an unsafe directory) are made here in a temporary
 * directory. Refused plugins run no code: the fixtures' init and fini
 * abort(), so a wrong call crashes the test.
 */
#include "unit.h"

#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static struct plugins ps;
static char *tmp;

static void setup(void)
{
	memset(&ps, 0, sizeof(ps));
	tmp = unit_tmpdir();
}

static void teardown(void)
{
	plugins_release(&ps);
	unit_rmtree(tmp);
	free(tmp);
}

TestSuite(loader, .init = setup, .fini = teardown);

static void load_dir(const char *dir)
{
	char *d = xstrdup(unit_abs(dir));

	plugins_load(&ps, &d, 1, &host_services);
	free(d);
}

/* The record of the file called `base` (NAME.so), which must exist. */
static const struct plugin *entry(const char *base)
{
	for (size_t i = 0; i < ps.n; i++) {
		const char *slash = strrchr(ps.v[i]->path, '/');
		if (!strcmp(slash ? slash + 1 : ps.v[i]->path, base))
			return ps.v[i];
	}
	cr_assert_fail("no entry for %s", base);
	return NULL;
}

/* Asserts that `base` was refused with `why` in the reason, and closed. */
static void assert_refused(const char *base, const char *why)
{
	const struct plugin *p = entry(base);

	cr_assert_not_null(p->refused, "%s was not refused", base);
	assert_contains(p->refused, why);
	cr_assert_null(p->handle, "%s: a refused plugin is closed", base);
	cr_assert_null(p->desc, "%s: a refused plugin has no descriptor", base);
}

/* A copy of the good fixture in the temporary directory. */
static char *copy_good(const char *name)
{
	char *to = unit_path(tmp, name);

	unit_copy(unit_abs(UNIT_FIXTURES "/good_method.so"), to);
	return to;
}

Test(loader, fixtures_each_refused_for_their_reason)
{
	const struct plugin *good;

	load_dir(UNIT_FIXTURES);

	good = entry("good_method.so");
	cr_assert_null(good->refused, "%s", good->refused);
	cr_assert_not_null(good->handle);
	cr_assert_not_null(good->desc);
	cr_assert_str_eq(good->desc->name, "fixture_good");
	cr_assert_eq(good->path[0], '/', "paths are absolute");

	assert_refused("no_descriptor.so", "no prio_plugin descriptor");
	assert_refused("abi_major.so", "ABI 2.0");
	{
		char want[64];

		snprintf(want, sizeof(want), "newer plugin ABI %d.%d",
			 PRIO_ABI_MAJOR, PRIO_ABI_MINOR + 1);
		assert_refused("abi_minor.so", want);
	}
	assert_refused("bad_kind.so", "unknown plugin kind 99");
	assert_refused("bad_name.so", "invalid plugin name");
	assert_refused("no_ops.so", "no operations");
	assert_refused("small_desc.so", "descriptor too small");
	assert_refused("small_ops.so", "operations too small");
	assert_refused("no_score.so", "no score operation");
	assert_refused("init_fail.so", "init failed");
	assert_refused("init_fail.so", "needs a licence key");
	assert_refused("zz_dup_name.so", "duplicate name 'fixture_good'");
	assert_refused("zz_dup_name.so", good->path);
}

Test(loader, find_returns_only_loaded_plugins)
{
	const struct plugin *p;

	load_dir(UNIT_FIXTURES);
	p = plugins_find(&ps, PRIO_KIND_METHOD, "fixture_good");
	cr_assert_not_null(p);
	assert_contains(p->path, "/good_method.so");
	cr_assert_str_eq(p->desc->version, "1.0", "the first one, not the dup");

	cr_assert_null(plugins_find(&ps, PRIO_KIND_FORMAT, "fixture_good"),
		       "the kind must match too");
	cr_assert_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_init_fail"));
	cr_assert_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_abi_minor"));
	cr_assert_null(plugins_find(&ps, PRIO_KIND_METHOD, "nothing"));
}

Test(loader, refused_finds_by_file_name)
{
	const struct plugin *p;

	load_dir(UNIT_FIXTURES);
	p = plugins_refused(&ps, "init_fail");
	cr_assert_not_null(p);
	assert_contains(p->refused, "init failed");
	cr_assert_null(plugins_refused(&ps, "good_method"), "it loaded");
	cr_assert_null(plugins_refused(&ps, "init"), "whole names only");
	cr_assert_null(plugins_refused(&ps, "nothing"));
}

Test(loader, one_plugin_by_its_file_name)
{
	char *d = xstrdup(unit_abs(UNIT_FIXTURES)), *dirs[2] = { d, d };
	const struct plugin *p;

	p = plugins_load_named(&ps, dirs, 1, "good_method", &host_services);
	cr_assert_not_null(p);
	cr_assert_null(p->refused, "%s", p->refused);
	cr_assert_str_eq(p->desc->name, "fixture_good");
	cr_assert_eq(ps.n, 1, "only that file was opened");
	/* Asked again, the same; a refused one is returned refused. */
	cr_assert_eq(plugins_load_named(&ps, dirs, 2, "good_method",
					&host_services), p);
	p = plugins_load_named(&ps, dirs, 1, "init_fail", &host_services);
	cr_assert_not_null(p);
	assert_contains(p->refused, "init failed");
	cr_assert_null(plugins_load_named(&ps, dirs, 1, "nothing",
					  &host_services));
	cr_assert_eq(ps.n, 2);
	/* Loading all of them after does not load those twice, nor call
	 * the one already loaded a duplicate of itself. */
	plugins_load(&ps, &d, 1, &host_services);
	cr_assert_null(entry("good_method.so")->refused, "%s",
		       entry("good_method.so")->refused);
	for (size_t i = 1; i < ps.n; i++)
		for (size_t k = 0; k < i; k++)
			cr_assert_str_neq(ps.v[i]->path, ps.v[k]->path);
	free(d);
}

Test(loader, one_plugin_by_name_never_off_the_path)
{
	char *d = xstrdup(unit_abs(UNIT_FIXTURES));

	/* fixtures/../fixtures/good_method.so exists, and is not asked. */
	cr_assert_null(plugins_load_named(&ps, &d, 1, "../fixtures/good_method",
					  &host_services));
	cr_assert_null(plugins_load_named(&ps, &d, 1, "", &host_services));
	cr_assert_eq(ps.n, 0, "nothing opened");
	free(d);
}

Test(loader, the_file_named_after_a_plugin_wins_a_name)
{
	char *d = xstrdup(tmp);
	const struct plugin *p;

	/* aaa.so loads first and claims fixture_good; fixture_good.so
	 * claims it too, and is where a command looks: it wins. */
	free(copy_good("aaa.so"));
	free(copy_good("fixture_good.so"));
	plugins_load(&ps, &d, 1, &host_services);
	assert_refused("aaa.so", "fixture_good.so is named after it");
	p = plugins_find(&ps, PRIO_KIND_METHOD, "fixture_good");
	cr_assert_not_null(p);
	cr_assert(plugin_named_after(p->path, "fixture_good"), "%s", p->path);
	plugins_release(&ps);
	/* One plugin loaded alone: the same one. */
	p = plugins_load_named(&ps, &d, 1, "fixture_good", &host_services);
	cr_assert_not_null(p);
	cr_assert_null(p->refused, "%s", p->refused);
	cr_assert(plugin_named_after(p->path, "fixture_good"), "%s", p->path);
	free(d);
}

Test(loader, one_plugin_by_name_not_from_an_unsafe_directory)
{
	char *to = copy_good("good_method.so"), *d = xstrdup(tmp);

	free(to);
	chmod(tmp, 0777);
	cr_assert_null(plugins_load_named(&ps, &d, 1, "good_method",
					  &host_services));
	cr_assert_eq(ps.n, 0, "nothing opened");
	chmod(tmp, 0755);
	free(d);
}

Test(loader, files_load_in_name_order)
{
	load_dir(UNIT_FIXTURES);
	for (size_t i = 1; i < ps.n; i++)
		cr_assert_lt(strcmp(ps.v[i - 1]->path, ps.v[i]->path), 0, "%s, %s",
			     ps.v[i - 1]->path, ps.v[i]->path);
}

Test(loader, the_built_in_plugins_load)
{
	load_dir(UNIT_PLUGINS);
	cr_assert_not_null(plugins_find(&ps, PRIO_KIND_METHOD, "wsjf"));
	cr_assert_not_null(plugins_find(&ps, PRIO_KIND_FORMAT, "csv"));
	for (size_t i = 0; i < ps.n; i++)
		cr_assert_null(ps.v[i]->refused, "%s: %s", ps.v[i]->path,
			       ps.v[i]->refused);
}

Test(loader, several_directories_share_one_namespace)
{
	char *dirs[2];

	/* The same name in a later directory is a duplicate as well. */
	free(copy_good("again.so"));
	dirs[0] = xstrdup(unit_abs(UNIT_FIXTURES));
	dirs[1] = tmp;
	plugins_load(&ps, dirs, 2, &host_services);
	free(dirs[0]);
	assert_refused("again.so", "duplicate name");
}

Test(loader, missing_directory_is_skipped)
{
	char *dir = unit_path(tmp, "nothing-here");

	plugins_load(&ps, &dir, 1, &host_services);
	cr_assert_eq(ps.n, 0);
	free(dir);
}

Test(loader, relative_directory_is_refused)
{
	char *dir = xstrdup(UNIT_FIXTURES);

	plugins_load(&ps, &dir, 1, &host_services);
	free(dir);
	cr_assert_eq(ps.n, 1);
	assert_contains(ps.v[0]->refused, "not an absolute path");
	cr_assert_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_good"));
}

Test(loader, good_copy_in_a_private_directory_loads)
{
	free(copy_good("good.so"));
	chmod(tmp, 0755);
	load_dir(tmp);
	cr_assert_eq(ps.n, 1);
	cr_assert_null(ps.v[0]->refused, "%s", ps.v[0]->refused);
	cr_assert_not_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_good"));
}

Test(loader, only_so_files_are_considered)
{
	free(unit_write_str(tmp, "README", "not a plugin\n"));
	free(unit_write_str(tmp, "x.so.1", "not a plugin\n"));
	free(unit_write_str(tmp, ".so", "not a plugin\n"));
	load_dir(tmp);
	cr_assert_eq(ps.n, 0);
}

Test(loader, text_file_is_not_a_shared_object)
{
	free(unit_write_str(tmp, "notes.so", "just some text\n"));
	free(unit_write_str(tmp, "empty.so", ""));
	load_dir(tmp);
	assert_refused("notes.so", "not a shared object");
	assert_refused("empty.so", "not a shared object");
}

Test(loader, broken_elf_is_refused_by_dlopen)
{
	static const char junk[] = "\177ELF this is no ELF file at all";

	free(unit_write(tmp, "junk.so", junk, sizeof(junk) - 1));
	load_dir(tmp);
	assert_refused("junk.so", "cannot load it");
}

Test(loader, directory_named_so_is_not_a_regular_file)
{
	char *d = unit_path(tmp, "dir.so");

	cr_assert_eq(mkdir(d, 0755), 0);
	load_dir(tmp);
	assert_refused("dir.so", "not a regular file");
	free(d);
}

Test(loader, group_writable_file)
{
	char *p = copy_good("good.so");

	cr_assert_eq(chmod(p, 0775), 0);
	load_dir(tmp);
	assert_refused("good.so", "group-writable");
	assert_contains(entry("good.so")->refused, "the file is");
	free(p);
}

Test(loader, world_writable_file)
{
	char *p = copy_good("good.so");

	cr_assert_eq(chmod(p, 0757), 0);
	load_dir(tmp);
	assert_refused("good.so", "world-writable");
	free(p);
}

Test(loader, file_of_another_user)
{
	char *p = copy_good("good.so");

	if (geteuid() != 0)
		cr_skip_test("needs root to give a file away");
	cr_assert_eq(chown(p, 65534, 65534), 0);
	load_dir(tmp);
	assert_refused("good.so", "owned by another user");
	free(p);
}

Test(loader, world_writable_directory)
{
	free(copy_good("good.so"));
	cr_assert_eq(chmod(tmp, 0777), 0);
	load_dir(tmp);
	cr_assert_eq(ps.n, 1, "one entry for the directory, none for files");
	assert_contains(ps.v[0]->refused, "the directory is world-writable");
	cr_assert_str_eq(ps.v[0]->path, tmp);
	cr_assert_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_good"));
}

Test(loader, group_writable_directory)
{
	free(copy_good("good.so"));
	cr_assert_eq(chmod(tmp, 0770), 0);
	load_dir(tmp);
	cr_assert_eq(ps.n, 1);
	assert_contains(ps.v[0]->refused, "the directory is group-writable");
}

Test(loader, sticky_tmp_is_unsafe_too)
{
	/* /tmp itself: world-writable, even with the sticky bit. */
	struct stat st;

	cr_assert_eq(stat("/tmp", &st), 0);
	if (!(st.st_mode & S_IWOTH))
		cr_skip_test("/tmp is not world-writable here");
	load_dir("/tmp");
	cr_assert_eq(ps.n, 1);
	assert_contains(ps.v[0]->refused, "the directory is world-writable");
}

Test(loader, symlink_to_unsafe_file_is_refused)
{
	char *p = copy_good("real.bin"), *link = unit_path(tmp, "link.so");

	cr_assert_eq(chmod(p, 0777), 0);
	cr_assert_eq(symlink(p, link), 0);
	load_dir(tmp);
	assert_refused("link.so", "world-writable");
	free(p);
	free(link);
}

Test(loader, broken_symlink)
{
	char *link = unit_path(tmp, "gone.so");

	cr_assert_eq(symlink("/nonexistent/prio/gone.so", link), 0);
	load_dir(tmp);
	assert_refused("gone.so", "broken link");
	free(link);
}

/*
 * A constructor runs inside dlopen, before any check on the descriptor:
 * an unsafe file must be refused without being opened at all. The
 * ctor_marker fixture creates $PRIO_TEST_MARKER when it is opened.
 */
Test(loader, unsafe_file_is_never_opened)
{
	char *so = unit_path(tmp, "ctor.so");
	char *marker = unit_path(tmp, "opened");

	unit_copy(unit_abs(UNIT_FIXTURES "/ctor_marker.so"), so);
	cr_assert_eq(setenv("PRIO_TEST_MARKER", marker, 1), 0);

	cr_assert_eq(chmod(so, 0775), 0);
	load_dir(tmp);
	assert_refused("ctor.so", "group-writable");
	cr_assert_neq(access(marker, F_OK), 0, "the constructor ran");

	/* The same file made safe is opened: the marker does work. */
	plugins_release(&ps);
	cr_assert_eq(chmod(so, 0755), 0);
	load_dir(tmp);
	cr_assert_not_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_ctor"));
	cr_assert_eq(access(marker, F_OK), 0, "the constructor did not run");
	free(so);
	free(marker);
}

Test(loader, one_bad_plugin_does_not_stop_the_others)
{
	free(unit_write_str(tmp, "a_bad.so", "text"));
	free(copy_good("b_good.so"));
	free(unit_write_str(tmp, "c_bad.so", "text"));
	load_dir(tmp);
	cr_assert_eq(ps.n, 3);
	assert_refused("a_bad.so", "not a shared object");
	assert_refused("c_bad.so", "not a shared object");
	cr_assert_not_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_good"));
}

Test(loader, release_then_load_again)
{
	load_dir(UNIT_FIXTURES);
	plugins_release(&ps);
	cr_assert_eq(ps.n, 0);
	load_dir(UNIT_FIXTURES);
	cr_assert_not_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_good"));
}

Test(loader, kind_names)
{
	cr_assert_str_eq(plugin_kind_name(PRIO_KIND_METHOD), "method");
	cr_assert_str_eq(plugin_kind_name(PRIO_KIND_FORMAT), "format");
	cr_assert_str_eq(plugin_kind_name(PRIO_KIND_POLICY), "policy");
	cr_assert_null(plugin_kind_name((enum prio_kind)99));
	cr_assert_null(plugin_kind_name((enum prio_kind)0));
}

/*
 * Probed in a child (prio plugins): a plugin that crashes in init is
 * refused by name, and the others are found as they are in process,
 * each refused for the same reason the child found.
 */
Test(loader, probe_survives_a_crash_and_agrees_with_loading_in_process)
{
	const struct plugin *good;

	ps.probe = PLUGINS_PROBE_ALL;
	load_dir(UNIT_FIXTURES "/crash");
	assert_refused("fixture_crash.so", "crashed in init (SIGSEGV)");
	cr_assert_not_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_rogue"));
	load_dir(UNIT_FIXTURES);
	good = entry("good_method.so");
	cr_assert_null(good->refused, "%s", good->refused);
	cr_assert_not_null(plugins_find(&ps, PRIO_KIND_METHOD, "fixture_good"));
	assert_refused("init_fail.so", "needs a licence key");
	assert_refused("abi_major.so", "ABI 2.0");
	assert_refused("zz_dup_name.so", "duplicate name 'fixture_good'");
}

/* Only plugins from outside prio's own folder, when told so. */
Test(loader, probe_foreign_skips_the_shipped_folder)
{
	char *d = xstrdup(unit_abs(UNIT_FIXTURES "/crash"));

	ps.probe = PLUGINS_PROBE_FOREIGN;
	ps.shipped = "/nowhere/lib/prio/plugins";
	plugins_load(&ps, &d, 1, &host_services);
	assert_refused("fixture_crash.so", "crashed in init (SIGSEGV)");
	free(d);
}

/* A plugin whose init never returns is killed, and refused for it. */
Test(loader, probe_gives_up_on_a_plugin_that_hangs)
{
	ps.probe = PLUGINS_PROBE_ALL;
	cr_assert_eq(setenv("PRIO_TEST_ROGUE", "hang", 1), 0);
	load_dir(UNIT_FIXTURES "/crash");
	unsetenv("PRIO_TEST_ROGUE");
	assert_refused("fixture_rogue.so", "did not finish init in 5 s");
}

/*
 * What is checked is what is loaded: the loader opens the file once,
 * checks the open descriptor, and dlopens /proc/self/fd/N, so the
 * library in memory is that very file (its inode), not whatever the
 * name points to by the time dlopen would have opened it.
 */
Test(loader, the_file_checked_is_the_file_loaded)
{
	char *path = copy_good("good.so");
	const struct plugin *p;
	struct link_map *lm = NULL;
	struct stat by_fd, by_name;

	load_dir(tmp);
	p = entry("good.so");
	cr_assert_null(p->refused, "%s", p->refused);
	cr_assert_geq(p->fd, 0, "the file stays open while loaded");
	cr_assert_eq(dlinfo(p->handle, RTLD_DI_LINKMAP, &lm), 0);
	assert_contains(lm->l_name, "/proc/self/fd/");
	cr_assert_eq(fstat(p->fd, &by_fd), 0);
	cr_assert_eq(stat(path, &by_name), 0);
	cr_assert_eq(by_fd.st_ino, by_name.st_ino);
	cr_assert_eq(by_fd.st_dev, by_name.st_dev);
	free(path);
}
