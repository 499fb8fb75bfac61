/*
 * test_visible.c - text shown to people (core/visible.c): every control
 * character, C1 control and byte that is not UTF-8 comes out as a visible
 * escape, widths count what is shown, and the formatter escapes every %s.
 */
#include "unit.h"

#include <stdlib.h>

#include "visible.h"

/* s (len bytes) as shown, allocated. */
static char *shown(const char *s, size_t len)
{
	struct buf b = {0};

	buf_addvis(&b, s, len);
	return buf_detach(&b);
}

/* Asserts the shown form, and that the width is its code points. */
static void assert_shown(const char *s, size_t len, const char *want)
{
	char *got = shown(s, len);
	size_t cols = 0;

	for (const char *w = want; *w; w++)
		cols += ((unsigned char)*w & 0xc0) != 0x80;
	cr_assert_str_eq(got, want);
	cr_assert_eq(vis_width(s, len), cols, "width of \"%s\"", want);
	free(got);
}

#define SHOWN(lit, want) assert_shown(lit, sizeof(lit) - 1, want)

Test(visible, a_terminal_title_and_clear_screen_are_shown_not_obeyed)
{
	SHOWN("Guest \x1b]0;PWNED\x07\x1b[2J checkout",
	      "Guest \\e]0;PWNED\\a\\e[2J checkout");
}

Test(visible, every_c0_control_and_del)
{
	SHOWN("a\rb", "a\\rb");
	SHOWN("\b\t\n\v\f", "\\b\\t\\n\\v\\f");
	SHOWN("\x01\x1f\x7f", "\\x01\\x1f\\x7f");
	SHOWN("nul\0here", "nul\\x00here");
}

Test(visible, c1_controls_are_escaped_as_code_points)
{
	SHOWN("\xc2\x9b" "31m", "\\u009b31m");	/* CSI */
	SHOWN("\xc2\x80\xc2\x9f", "\\u0080\\u009f");
	/* U+00A0 and on are text. */
	SHOWN("\xc2\xa0\xc3\xa9", "\xc2\xa0\xc3\xa9");
}

Test(visible, bytes_that_are_not_utf8_are_escaped_one_by_one)
{
	SHOWN("\xff", "\\xff");
	SHOWN("ab\xc3", "ab\\xc3");			/* cut short */
	SHOWN("\xc0\x80", "\\xc0\\x80");		/* overlong NUL */
	SHOWN("\xed\xa0\x80", "\\xed\\xa0\\x80");	/* a surrogate */
	SHOWN("\x9b" "2J", "\\x9b2J");			/* a lone C1 byte */
}

Test(visible, text_is_left_alone)
{
	SHOWN("Pays without an account \\e (50%)",
	      "Pays without an account \\e (50%)");
	SHOWN("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80",
	      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80");
	cr_assert_eq(vis_width("caf\xc3\xa9", 5), 4);
}

Test(visible, lines_keep_their_breaks_and_an_indent)
{
	struct buf b = {0};

	buf_addvis_lines(&b, "one\ntwo\r\n\x1b", 10, "  ");
	cr_assert_str_eq(b.p, "one\n  two\\r\n  \\e");
	buf_reset(&b);
	buf_addvis_lines(&b, "", 0, "  ");
	cr_assert_str_eq(b.p, "");
	buf_release(&b);
}

Test(visible, fit_never_cuts_an_escape_or_a_character)
{
	cr_assert_eq(vis_fit("ab\x1b" "c", 4, 3), 2);
	cr_assert_eq(vis_fit("ab\x1b" "c", 4, 4), 3);
	cr_assert_eq(vis_fit("\xc3\xa9t\xc3\xa9", 5, 2), 3);
	cr_assert_eq(vis_fit("\xc2\x9b", 2, 5), 0);
	cr_assert_eq(vis_fit("\xc2\x9b", 2, 6), 2);
	cr_assert_eq(vis_fit("abc", 3, 10), 3);
}

Test(visible, the_formatter_escapes_every_string_argument)
{
	struct buf b = {0};

	buf_addvisf(&b, "[%s] %s\n", "a\x1b[2Jb", "\r");
	cr_assert_str_eq(b.p, "[a\\e[2Jb] \\r\n");
	buf_release(&b);
}

Test(visible, widths_count_shown_columns_precision_reads_bytes)
{
	struct buf b = {0};

	buf_addvisf(&b, "%-6s|%6s|", "\xc3\xa9\r", "\xc3\xa9\r");
	cr_assert_str_eq(b.p, "\xc3\xa9\\r   |   \xc3\xa9\\r|");
	buf_reset(&b);
	/* %.*s reads a slice: not a byte past it. */
	buf_addvisf(&b, "%.*s|%-*.*s|", 2, "\x1bXYZ", 5, 1, "\x07zz");
	cr_assert_str_eq(b.p, "\\eX|\\a   |");
	buf_release(&b);
}

Test(visible, other_conversions_are_printfs)
{
	struct buf b = {0};

	buf_addvisf(&b, "%d %5lld %-4zu| %.2f %g %x %c %c %%", -3, 42LL,
		    (size_t)7, 2.5, 0.125, 255u, 'x', '\r');
	cr_assert_str_eq(b.p, "-3    42 7   | 2.50 0.125 ff x \\r %");
	buf_release(&b);
}

Test(visible, plain_text_needs_no_escape)
{
	cr_assert(vis_plain("SHOP-1", 6));
	cr_assert(vis_plain("caf\xc3\xa9", 5));
	cr_assert(vis_plain("", 0));
	cr_assert(!vis_plain("K\x1b[2J", 6));
	cr_assert(!vis_plain("a\tb", 3));
	cr_assert(!vis_plain("\xc2\x9b", 2));
	cr_assert(!vis_plain("\xff", 1));
}
