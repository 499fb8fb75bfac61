/*
 * visible.h - text from the data, shown to people without letting it
 * drive their terminal.
 *
 * A title, a key, a Lua script's message or a line of a file can hold
 * bytes a terminal obeys: ESC ] 0;... BEL retitles the window, ESC [2J
 * clears it, a CR overwrites what was printed, C1 controls (U+0080 to
 * U+009F) act as ESC on some terminals. Everything prio prints for
 * people therefore passes the data through here, which shows each such
 * byte as a C-style escape:
 *
 *	\a \b \t \n \v \f \r \e   BEL BS TAB LF VT FF CR ESC
 *	\xHH                      any other C0 control, DEL, and each byte
 *	                          that is not valid UTF-8
 *	\uHHHH                    a C1 control (U+0080 .. U+009F)
 *
 * A backslash in the data is shown as it is: these forms are for reading,
 * not for parsing back. Machine formats (CSV, JSON, an export) never pass
 * through here: they keep the data exact.
 *
 * Widths count columns as shown: an escape takes as many as its
 * characters, any other character one (code points, as the table writer
 * has always counted them).
 */
#ifndef VISIBLE_H
#define VISIBLE_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

/* Appends s (len bytes) as shown; returns the columns it takes. */
size_t buf_addvis(struct buf *b, const char *s, size_t len);

/*
 * The same for text of several lines (a story, a plugin's explanation):
 * each LF stays a line break, and the line after it starts with indent
 * (so continuation lines stay aligned under a label).
 */
void buf_addvis_lines(struct buf *b, const char *s, size_t len,
		      const char *indent);

/* Whether s (len bytes) is shown as it is: nothing in it needs an escape. */
int vis_plain(const char *s, size_t len);

/* The columns s (len bytes) takes once shown. */
size_t vis_width(const char *s, size_t len);

/*
 * The longest prefix of s (len bytes), in bytes, whose shown form fits
 * in w columns: it never cuts a character or an escape in two.
 */
size_t vis_fit(const char *s, size_t len, size_t w);

/*
 * buf_addf where every %s (and %c) argument is shown through buf_addvis,
 * its field width counted in shown columns (%-24s pads a title to 24
 * columns however many bytes it has) and its precision, as printf's, the
 * bytes read from it (%.*s prints a slice); every other conversion is
 * printf's. A printer that writes a row of data writes it with this,
 * so no argument can be forgotten. Text that is the printer's own and
 * must reach the terminal as it is (a chart's colours) goes in with
 * buf_adds.
 */
void buf_addvisf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddvisf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* buf_addvisf to a stream: the printf of human-readable output. */
int vis_fprintf(FILE *to, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define vis_printf(...) vis_fprintf(stdout, __VA_ARGS__)

#endif /* VISIBLE_H */
