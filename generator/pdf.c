/*
 * pdf: libharu back end. One HPDF_Doc lives for the whole run to measure text
 * (its fonts' advance widths are cached per code point); every rendered
 * document gets a fresh HPDF_Doc that embeds only the fonts it uses.
 * Both load the per-run subsets of the manifest fonts (fontsub.h), not the
 * full files: libharu's per-document font cost grows with the font's cmap,
 * and check_glyphs then reports characters outside the subset.
 * libharu errors are sticky: the handler records the first one, and the
 * caller checks at the end of each step.
 */
#include "pdf.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fontsub.h"
#include "layout.h"

#include <hpdf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const role_names[FONT_NROLES] = {
	"serif", "serif-bold", "serif-italic", "serif-bolditalic",
	"sans", "sans-bold", "sans-italic", "sans-bolditalic"
};

struct pdf_err {
	HPDF_STATUS error_no;   /* first error seen, 0 = none */
	HPDF_STATUS detail_no;
};

struct pdf_fonts {
	char path[FONT_NROLES][2048];   /* TrueType files */
	struct fontsub *sub[FONT_NROLES];   /* their subsets, loaded instead (fontsub.h) */
	int sub_shared[FONT_NROLES];    /* 1: sub[r] belongs to an earlier role */
	HPDF_Doc hdoc;                  /* measuring document */
	HPDF_Font font[FONT_NROLES];
	int *widths[FONT_NROLES];       /* 65536 advance widths (1/1000 em), -1 = unknown */
	HPDF_FontDef fdef[FONT_NROLES]; /* for glyph lookups */
	signed char *glyph[FONT_NROLES];/* 65536: 0 unknown, 1 in the font, -1 missing,
	                                   -2 missing and reported */
	struct pdf_err err;
	struct draw_measure measure;
};

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	struct pdf_err *e = user;

	if (e->error_no == 0) {
		e->error_no = error_no;
		e->detail_no = detail_no;
	}
}

static void report_hpdf(const struct pdf_err *e, const char *what)
{
	diag_error(NULL, EXIT_SYS, "PDF library error 0x%04X (detail %u) while %s",
	           (unsigned)e->error_no, (unsigned)e->detail_no, what);
}

/* Decode one UTF-8 sequence at s[*i]; invalid bytes decode as U+FFFD. */
static unsigned utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c = u[*i], n, cp;
	size_t k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 1, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 2, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 3, cp = c & 0x07;
	else {
		(*i)++;
		return 0xFFFD;
	}
	if (*i + n >= len) {
		(*i)++;
		return 0xFFFD;
	}
	for (k = 1; k <= n; k++) {
		if ((u[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		cp = (cp << 6) | (u[*i + k] & 0x3F);
	}
	*i += n + 1;
	return cp;
}

static double measure_width(void *ctx, int role, double size, const char *s, size_t len)
{
	struct pdf_fonts *f = ctx;
	int *w;
	size_t i = 0;
	long total = 0;

	if (role < 0 || role >= FONT_NROLES)
		role = FONT_SERIF;
	w = f->widths[role];
	while (i < len) {
		unsigned cp = utf8_next(s, len, &i);

		if (cp > 0xFFFF)
			cp = 0xFFFD;   /* libharu draws the BMP only */
		if (w[cp] < 0)
			w[cp] = (int)HPDF_Font_GetUnicodeWidth(f->font[role], (HPDF_UNICODE)cp);
		total += w[cp];
	}
	return (double)total * size / 1000.0;
}

static int role_index(const char *name)
{
	int r;

	for (r = 0; r < FONT_NROLES; r++)
		if (strcmp(name, role_names[r]) == 0)
			return r;
	return -1;
}

/* Parse the manifest into f->path; returns the number of problems reported. */
static int read_manifest(struct pdf_fonts *f, const char *manifest)
{
	struct buf b = { 0 };
	int line_no = 0, bad = 0, r, seen[FONT_NROLES] = { 0 };
	char *line, *next;
	char dir[1024];
	const char *slash = strrchr(manifest, '/');

	if (buf_read_file(&b, manifest) != 0) {
		diag_error(NULL, EXIT_SYS, "%s: cannot read font manifest: %s", manifest,
		           strerror(errno));
		buf_free(&b);
		return 1;
	}
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - manifest) : 1,
	         slash ? manifest : ".");
	for (line = (char *)buf_cstr(&b); line && *line; line = next) {
		char role[64], path[900];
		struct srcloc loc = { manifest, 0, 0 };
		char *hash;
		int n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		loc.line = ++line_no;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		n = sscanf(line, " %63s %899[^\r\n]", role, path);
		if (n <= 0)
			continue;
		if (n != 2) {
			diag_error(&loc, EXIT_SYS, "expected 'ROLE PATH', got '%s'", line);
			bad++;
			continue;
		}
		for (size_t k = strlen(path); k > 0 && (path[k - 1] == ' ' || path[k - 1] == '\t'); k--)
			path[k - 1] = '\0';
		r = role_index(role);
		if (r < 0) {
			diag_error(&loc, EXIT_SYS, "unknown font role '%s'", role);
			bad++;
			continue;
		}
		if (path[0] == '/')
			snprintf(f->path[r], sizeof f->path[r], "%s", path);
		else
			snprintf(f->path[r], sizeof f->path[r], "%s/%s", dir, path);
		{
			FILE *fp = fopen(f->path[r], "rb");

			if (fp == NULL) {
				diag_error(&loc, EXIT_SYS, "font '%s' for role '%s': %s", f->path[r],
				           role, strerror(errno));
				bad++;
				continue;
			}
			fclose(fp);
		}
		seen[r] = line_no;
	}
	for (r = 0; r < FONT_NROLES; r++)
		if (!seen[r] && !bad) {
			diag_error(NULL, EXIT_SYS, "%s: no font for role '%s'", manifest, role_names[r]);
			bad++;
		}
	buf_free(&b);
	return bad;
}

/* Load the TrueType file of role into hdoc; returns the font or NULL.
 * def, if not NULL, receives the font definition (glyph lookups). */
static HPDF_Font load_font(HPDF_Doc hdoc, const char *path, HPDF_FontDef *def)
{
	const char *name = HPDF_LoadTTFontFromFile(hdoc, path, HPDF_TRUE);

	if (name == NULL)
		return NULL;
	if (def)
		*def = HPDF_GetFontDef(hdoc, name);
	return HPDF_GetFont(hdoc, name, "UTF-8");
}

struct pdf_fonts *pdf_fonts_load(const char *manifest)
{
	struct pdf_fonts *f = xmalloc(sizeof *f);
	int r;

	memset(f, 0, sizeof *f);
	if (read_manifest(f, manifest) != 0) {
		free(f);
		return NULL;
	}
	f->hdoc = HPDF_New(on_error, &f->err);
	if (f->hdoc == NULL) {
		diag_error(NULL, EXIT_SYS, "cannot start the PDF library");
		free(f);
		return NULL;
	}
	HPDF_UseUTFEncodings(f->hdoc);
	HPDF_SetCurrentEncoder(f->hdoc, "UTF-8");
	for (r = 0; r < FONT_NROLES; r++) {
		/* Subset once per run; roles naming the same file share it. */
		for (int q = 0; q < r && f->sub[r] == NULL; q++)
			if (strcmp(f->path[q], f->path[r]) == 0) {
				f->sub[r] = f->sub[q];
				f->sub_shared[r] = 1;
			}
		if (f->sub[r] == NULL)
			f->sub[r] = fontsub_make(f->path[r], NULL, 0);
		if (f->sub[r] == NULL) {
			pdf_fonts_free(f);
			return NULL;
		}
		f->font[r] = load_font(f->hdoc, fontsub_path(f->sub[r]), &f->fdef[r]);
		if (f->font[r] == NULL || f->err.error_no) {
			diag_error(NULL, EXIT_SYS, "%s: font '%s' for role '%s' cannot be loaded "
			           "(PDF library error 0x%04X)", manifest, f->path[r], role_names[r],
			           (unsigned)f->err.error_no);
			pdf_fonts_free(f);
			return NULL;
		}
		f->glyph[r] = xmalloc(65536);
		memset(f->glyph[r], 0, 65536);
		f->widths[r] = xmalloc(65536 * sizeof(int));
		memset(f->widths[r], 0xFF, 65536 * sizeof(int));   /* all -1 */
		f->measure.ascent[r] = HPDF_Font_GetAscent(f->font[r]) / 1000.0;
		f->measure.descent[r] = -HPDF_Font_GetDescent(f->font[r]) / 1000.0;
	}
	f->measure.width = measure_width;
	f->measure.ctx = f;
	return f;
}

void pdf_fonts_free(struct pdf_fonts *f)
{
	int r;

	if (f == NULL)
		return;
	for (r = 0; r < FONT_NROLES; r++) {
		free(f->widths[r]);
		free(f->glyph[r]);
	}
	if (f->hdoc)
		HPDF_Free(f->hdoc);
	for (r = 0; r < FONT_NROLES; r++)
		if (!f->sub_shared[r])
			fontsub_free(f->sub[r]);
	free(f);
}

const struct draw_measure *pdf_fonts_measure(struct pdf_fonts *f)
{
	return &f->measure;
}

/* ---- rendering ---- */

struct anchor {
	const char *name;
	size_t page;
	double x, y;
};

struct render {
	struct pdf_fonts *fonts;
	const struct layout *l;
	HPDF_Doc hdoc;
	struct pdf_err err;
	HPDF_Font font[FONT_NROLES];
	HPDF_Page *pages;
	struct anchor *anchors;
	size_t nanchors;
	int warned_missing;
};

static int anchor_cmp(const void *a, const void *b)
{
	const struct anchor *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	/* First occurrence wins on duplicates: order by page, then top first. */
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return (x->y > y->y) ? -1 : (x->y < y->y);
}

static const struct anchor *anchor_find(const struct render *r, const char *name)
{
	size_t lo = 0, hi = r->nanchors;

	if (name == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->anchors[mid].name, name);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nanchors && strcmp(r->anchors[lo].name, name) == 0 ? &r->anchors[lo] : NULL;
}

static HPDF_Destination dest_for(struct render *r, const struct anchor *an)
{
	HPDF_Destination d = HPDF_Page_CreateDestination(r->pages[an->page]);

	if (d)
		HPDF_Destination_SetFitH(d, (HPDF_REAL)(an->y + 12.0));
	return d;
}

static HPDF_Font font_for(struct render *r, int role)
{
	if (role < 0 || role >= FONT_NROLES)
		role = FONT_SERIF;
	if (r->font[role] == NULL)
		r->font[role] = load_font(r->hdoc, fontsub_path(r->fonts->sub[role]), NULL);
	return r->font[role];
}

static void set_fill(HPDF_Page p, unsigned rgb)
{
	HPDF_Page_SetRGBFill(p, ((rgb >> 16) & 255) / 255.0f, ((rgb >> 8) & 255) / 255.0f,
	                     (rgb & 255) / 255.0f);
}

static void set_stroke(HPDF_Page p, unsigned rgb)
{
	HPDF_Page_SetRGBStroke(p, ((rgb >> 16) & 255) / 255.0f, ((rgb >> 8) & 255) / 255.0f,
	                       (rgb & 255) / 255.0f);
}

/* URI annotations take raw bytes: percent-encode anything outside printable ASCII. */
static char *uri_encode(struct buf *tmp, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	buf_clear(tmp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') {
			buf_putc(tmp, '%');
			buf_putc(tmp, hex[c >> 4]);
			buf_putc(tmp, hex[c & 15]);
		} else {
			buf_putc(tmp, (char)c);
		}
	}
	return (char *)buf_cstr(tmp);
}

/* libharu draws only valid UTF-8 in the Basic Multilingual Plane and fails
 * silently otherwise: anything else becomes U+FFFD. Returns s itself when it
 * is already fine (the usual case). */
static const char *bmp_text(struct buf *tmp, const char *s)
{
	size_t i = 0, len = strlen(s);
	int clean = 1;

	while (i < len && clean) {
		size_t at = i;
		unsigned cp = utf8_next(s, len, &i);

		clean = !(cp > 0xFFFF || (cp == 0xFFFD && !(i - at == 3 &&
		          (unsigned char)s[at] == 0xEF && (unsigned char)s[at + 1] == 0xBF &&
		          (unsigned char)s[at + 2] == 0xBD)));
	}
	if (clean)
		return s;
	buf_clear(tmp);
	for (i = 0; i < len; ) {
		size_t at = i;
		unsigned cp = utf8_next(s, len, &i);

		if (cp > 0xFFFF || cp == 0xFFFD)
			buf_puts(tmp, "\xEF\xBF\xBD");
		else
			buf_add(tmp, s + at, i - at);
	}
	return buf_cstr(tmp);
}

/* Warn (once per character and font in a run) about characters the font
 * has no glyph for: libharu would print them as empty boxes, silently. */
static void check_glyphs(struct pdf_fonts *f, int role, const char *s)
{
	size_t i = 0, len = strlen(s);

	if (role < 0 || role >= FONT_NROLES || f->fdef[role] == NULL)
		return;
	while (i < len) {
		unsigned cp = utf8_next(s, len, &i);
		signed char *g;

		if (cp > 0xFFFF || cp < 0x20)
			continue;
		g = &f->glyph[role][cp];
		if (*g == 0)
			*g = HPDF_TTFontDef_GetGlyphid(f->fdef[role], (HPDF_UINT16)cp) ? 1 : -1;
		if (*g == -1) {
			*g = -2;
			diag_warn(NULL, "character U+%04X is not in the %s font (%s): it prints as a box",
			          cp, role_names[role], f->path[role]);
		}
	}
}

static void draw_page(struct render *r, size_t pi, struct buf *tmp)
{
	const struct draw_list *ops = &r->l->pages[pi].ops;
	HPDF_Page p = r->pages[pi];
	size_t i;
	int in_text = 0, cur_font = -1;
	double cur_size = -1;
	unsigned cur_fill = 0x1000000, cur_stroke = 0x1000000;
	double cur_lw = -1, cur_dash = 0;

	for (i = 0; i < ops->n && r->err.error_no == 0; i++) {
		const struct draw_op *op = &ops->ops[i];

		if (op->kind != DRAW_TEXT && in_text) {
			HPDF_Page_EndText(p);
			in_text = 0;
		}
		switch (op->kind) {
		case DRAW_TEXT:
			if (op->text == NULL || op->text[0] == '\0')
				break;
			check_glyphs(r->fonts, op->font, op->text);
			if (!in_text) {
				HPDF_Page_BeginText(p);
				in_text = 1;
			}
			if (op->font != cur_font || op->size != cur_size) {
				HPDF_Font fnt = font_for(r, op->font);

				if (fnt == NULL)
					return;
				HPDF_Page_SetFontAndSize(p, fnt, (HPDF_REAL)op->size);
				cur_font = op->font;
				cur_size = op->size;
			}
			if (op->rgb != cur_fill) {
				set_fill(p, op->rgb);
				cur_fill = op->rgb;
			}
			HPDF_Page_TextOut(p, (HPDF_REAL)op->x, (HPDF_REAL)op->y, bmp_text(tmp, op->text));
			break;
		case DRAW_LINE:
		case DRAW_RECT:
			if (op->rgb != cur_stroke) {
				set_stroke(p, op->rgb);
				cur_stroke = op->rgb;
			}
			if (op->lw != cur_lw) {
				HPDF_Page_SetLineWidth(p, (HPDF_REAL)(op->lw > 0 ? op->lw : 0.5));
				cur_lw = op->lw;
			}
			if (op->dash != cur_dash) {
				HPDF_UINT16 pat[1] = { (HPDF_UINT16)(op->dash + 0.5) };

				if (op->dash > 0 && pat[0] > 0)
					HPDF_Page_SetDash(p, pat, 1, 0);
				else
					HPDF_Page_SetDash(p, NULL, 0, 0);
				cur_dash = op->dash;
			}
			if (op->kind == DRAW_LINE) {
				HPDF_Page_MoveTo(p, (HPDF_REAL)op->x, (HPDF_REAL)op->y);
				HPDF_Page_LineTo(p, (HPDF_REAL)(op->x + op->w), (HPDF_REAL)(op->y + op->h));
			} else {
				HPDF_Page_Rectangle(p, (HPDF_REAL)op->x, (HPDF_REAL)op->y,
				                    (HPDF_REAL)op->w, (HPDF_REAL)op->h);
			}
			HPDF_Page_Stroke(p);
			break;
		case DRAW_FILL:
			if (op->rgb != cur_fill) {
				set_fill(p, op->rgb);
				cur_fill = op->rgb;
			}
			HPDF_Page_Rectangle(p, (HPDF_REAL)op->x, (HPDF_REAL)op->y, (HPDF_REAL)op->w,
			                    (HPDF_REAL)op->h);
			HPDF_Page_Fill(p);
			break;
		case DRAW_CIRCLE:
			if (op->rgb != cur_fill) {
				set_fill(p, op->rgb);
				cur_fill = op->rgb;
			}
			HPDF_Page_Circle(p, (HPDF_REAL)op->x, (HPDF_REAL)op->y, (HPDF_REAL)op->w);
			if (op->lw > 0) {
				if (op->lw != cur_lw) {
					HPDF_Page_SetLineWidth(p, (HPDF_REAL)op->lw);
					cur_lw = op->lw;
				}
				if (op->rgb != cur_stroke) {
					set_stroke(p, op->rgb);
					cur_stroke = op->rgb;
				}
				HPDF_Page_Stroke(p);
			} else {
				HPDF_Page_Fill(p);
			}
			break;
		case DRAW_LINK_URI:
		case DRAW_LINK_DEST: {
			HPDF_Rect rect = { (HPDF_REAL)op->x, (HPDF_REAL)op->y,
			                   (HPDF_REAL)(op->x + op->w), (HPDF_REAL)(op->y + op->h) };
			HPDF_Annotation an = NULL;

			if (op->target == NULL)
				break;
			if (op->kind == DRAW_LINK_URI) {
				an = HPDF_Page_CreateURILinkAnnot(p, rect, uri_encode(tmp, op->target));
			} else {
				const struct anchor *a = anchor_find(r, op->target);

				if (a == NULL) {
					if (!r->warned_missing++)
						diag_warn(NULL, "link to '%s': no such destination", op->target);
					break;
				}
				an = HPDF_Page_CreateLinkAnnot(p, rect, dest_for(r, a));
			}
			if (an)
				HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
			break;
		}
		case DRAW_ANCHOR:
			break;
		}
	}
	if (in_text)
		HPDF_Page_EndText(p);
}

static void set_dates(HPDF_Doc hdoc)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;
	time_t t;
	struct tm tm;
	HPDF_Date d;

	if (sde == NULL || *sde == '\0')
		return;
	errno = 0;
	v = strtoll(sde, &end, 10);
	if (errno || *end != '\0' || v < 0) {
		diag_warn(NULL, "SOURCE_DATE_EPOCH='%s' is not a number of seconds; no dates written",
		          sde);
		return;
	}
	t = (time_t)v;
	if (gmtime_r(&t, &tm) == NULL)
		return;
	memset(&d, 0, sizeof d);
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	HPDF_SetInfoDateAttr(hdoc, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(hdoc, HPDF_INFO_MOD_DATE, d);
}

static void set_info(HPDF_Doc hdoc, const struct pdf_info *info)
{
	HPDF_SetInfoAttr(hdoc, HPDF_INFO_CREATOR, "reportgen");
	if (info == NULL)
		return;
	if (info->title)
		HPDF_SetInfoAttr(hdoc, HPDF_INFO_TITLE, info->title);
	if (info->author)
		HPDF_SetInfoAttr(hdoc, HPDF_INFO_AUTHOR, info->author);
	if (info->subject)
		HPDF_SetInfoAttr(hdoc, HPDF_INFO_SUBJECT, info->subject);
	if (info->keywords)
		HPDF_SetInfoAttr(hdoc, HPDF_INFO_KEYWORDS, info->keywords);
}

static void build_outline(struct render *r)
{
	HPDF_Encoder enc = HPDF_GetEncoder(r->hdoc, "UTF-8");
	HPDF_Outline parent[8] = { 0 };
	size_t i;

	for (i = 0; i < r->l->noutline && r->err.error_no == 0; i++) {
		const struct layout_outline *o = &r->l->outline[i];
		int lv = o->level < 1 ? 1 : o->level > 7 ? 7 : o->level;
		HPDF_Outline up = NULL, ol;
		const struct anchor *a = anchor_find(r, o->anchor);
		int k;

		for (k = lv - 1; k >= 1; k--)
			if (parent[k]) {
				up = parent[k];
				break;
			}
		ol = HPDF_CreateOutline(r->hdoc, up, o->title ? o->title : "", enc);
		if (ol == NULL)
			return;
		if (a)
			HPDF_Outline_SetDestination(ol, dest_for(r, a));
		else if (o->page < r->l->npages) {
			HPDF_Destination d = HPDF_Page_CreateDestination(r->pages[o->page]);

			HPDF_Destination_SetFit(d);
			HPDF_Outline_SetDestination(ol, d);
		}
		HPDF_Outline_SetOpened(ol, lv == 1 ? HPDF_TRUE : HPDF_FALSE);
		parent[lv] = ol;
		for (k = lv + 1; k < 8; k++)
			parent[k] = NULL;
	}
}

int pdf_render(struct pdf_fonts *f, const struct layout *l, const struct pdf_info *info,
               struct buf *out)
{
	struct render r;
	struct buf tmp = { 0 };
	size_t i, j, k;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.fonts = f;
	r.l = l;
	r.hdoc = HPDF_New(on_error, &r.err);
	if (r.hdoc == NULL) {
		diag_error(NULL, EXIT_SYS, "cannot start the PDF library");
		return -1;
	}
	HPDF_SetCompressionMode(r.hdoc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(r.hdoc);
	HPDF_SetCurrentEncoder(r.hdoc, "UTF-8");
	set_info(r.hdoc, info);
	set_dates(r.hdoc);
	if (l->noutline)
		HPDF_SetPageMode(r.hdoc, HPDF_PAGE_MODE_USE_OUTLINE);

	r.pages = xmalloc((l->npages + 1) * sizeof *r.pages);
	for (i = 0; i < l->npages; i++) {
		r.pages[i] = HPDF_AddPage(r.hdoc);
		if (r.pages[i] == NULL)
			goto out;
		HPDF_Page_SetWidth(r.pages[i], (HPDF_REAL)l->page_w);
		HPDF_Page_SetHeight(r.pages[i], (HPDF_REAL)l->page_h);
	}
	/* Anchors of every page first: links may point forward. */
	for (i = 0; i < l->npages; i++)
		for (j = 0; j < l->pages[i].ops.n; j++)
			r.nanchors += l->pages[i].ops.ops[j].kind == DRAW_ANCHOR;
	r.anchors = xmalloc((r.nanchors + 1) * sizeof *r.anchors);
	for (i = 0, k = 0; i < l->npages; i++)
		for (j = 0; j < l->pages[i].ops.n; j++) {
			const struct draw_op *op = &l->pages[i].ops.ops[j];

			if (op->kind == DRAW_ANCHOR && op->target)
				r.anchors[k++] = (struct anchor){ op->target, i, op->x, op->y };
		}
	r.nanchors = k;
	qsort(r.anchors, r.nanchors, sizeof *r.anchors, anchor_cmp);
	/* Keep the first of duplicate names only. */
	for (i = 0, k = 0; i < r.nanchors; i++)
		if (k == 0 || strcmp(r.anchors[k - 1].name, r.anchors[i].name) != 0)
			r.anchors[k++] = r.anchors[i];
	r.nanchors = k;

	for (i = 0; i < l->npages && r.err.error_no == 0; i++)
		draw_page(&r, i, &tmp);
	build_outline(&r);
	if (r.err.error_no) {
		report_hpdf(&r.err, "drawing the pages");
		goto out;
	}
	if (HPDF_SaveToStream(r.hdoc) != HPDF_OK || r.err.error_no) {
		report_hpdf(&r.err, "writing the PDF");
		goto out;
	}
	HPDF_ResetStream(r.hdoc);
	for (;;) {
		HPDF_BYTE chunk[65536];
		HPDF_UINT32 n = sizeof chunk;
		HPDF_STATUS st = HPDF_ReadFromStream(r.hdoc, chunk, &n);

		if (n > 0)
			buf_add(out, chunk, n);
		if (st == HPDF_STREAM_EOF)
			break;
		if (st != HPDF_OK) {
			report_hpdf(&r.err, "reading the PDF stream");
			goto out;
		}
	}
	rc = 0;
out:
	HPDF_Free(r.hdoc);
	free(r.pages);
	free(r.anchors);
	buf_free(&tmp);
	return rc;
}
