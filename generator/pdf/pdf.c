/*
 * pdf: libharu back end. libharu writes the file: objects, cross-reference
 * table, compressed streams, pages, annotations, outline, information.
 * The fonts and the text are ours: libharu's TrueType path builds, for every
 * font of every document, a 65,536-entry character-to-glyph map and width
 * table (milliseconds each, and 128 KB of map per font before compression),
 * which made small documents slow. Instead:
 *  - the manifest fonts are subset once per run (fontsub.h) and measured from
 *    the subset's own tables;
 *  - each page's content stream is written here (text as 2-byte glyph ids of
 *    the run's subset, shapes as path operators) and handed to libharu;
 *  - each document embeds, per font it uses, a Type 0 font with Identity-H
 *    encoding over a CIDFontType2 whose program is the run's subset cut down
 *    again to the glyphs of that document (glyph ids kept, so CID = glyph id),
 *    a /W array of those glyphs only and a ToUnicode map so text extracts.
 * libharu errors are sticky: the handler records the first one, and the
 * caller checks at the end of each step.
 */
#include "pdf/pdf.h"
#include "base/base.h"
#include "pdf/internal.h"
#include "layout/layout.h"

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_pages.h>
#include <zlib.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const role_names[FONT_NROLES] = {
	"serif", "serif-bold", "serif-italic", "serif-bolditalic",
	"sans", "sans-bold", "sans-italic", "sans-bolditalic"
};

/* Font slots: slot r < FONT_NROLES is role r's font, slot FONT_NROLES + r
 * the fallback the manifest may name for it ("ROLE-fallback PATH"), which
 * draws the characters role r's font has no glyph for. */
#define NSLOT (2 * FONT_NROLES)
#define FALLBACK(r) (FONT_NROLES + (r))

struct pdf_err {
	HPDF_STATUS error_no;   /* first error seen, 0 = none */
	HPDF_STATUS detail_no;
};

/* A document font program already cut and compressed, kept for the next
 * document that draws the same glyphs in the same role (briefs made from one
 * template share most of their glyph sets). */
enum { FONT_CACHE = 16 };
struct font_prog {
	uint64_t hash;               /* of used[]; 0 = empty slot */
	unsigned char *used;         /* [glyph count] */
	struct buf font;             /* deflated TrueType program */
	size_t font_len;             /* its length before deflating (Length1) */
	struct buf tounicode;        /* deflated ToUnicode CMap */
};

struct pdf_fonts {
	char path[NSLOT][2048];             /* TrueType files ("" for no fallback) */
	int line[NSLOT];                    /* their lines in the manifest */
	const char *manifest;
	struct font_prog cache[NSLOT][FONT_CACHE];
	unsigned cache_next[NSLOT];         /* round-robin slot to replace */
	z_stream zs[2];                     /* deflate at FONT_LEVEL, CONTENT_LEVEL */
	int zs_ready[2];
	struct fontsub *sub[NSLOT];         /* their subsets (fontsub.h); NULL: none */
	int sub_shared[NSLOT];              /* 1: sub[r] belongs to an earlier slot */
	unsigned char reported[FONT_NROLES][65536 / 8];   /* missing characters seen */
	struct pdf_missing *missing;        /* ... in the order seen */
	size_t nmissing, missing_cap;
	struct draw_measure measure;
	struct width_memo {                 /* shaped widths of short texts (words) */
		struct width_ent {
			char *text;                 /* NULL: free slot */
			size_t len;
			int role;
			double width;               /* 1/1000 em */
		} *ent;
		size_t n, cap;                  /* cap: a power of two, or 0 */
	} memo;
	char **glyph_text[NSLOT];           /* per glyph id: the text a shaped glyph with no
	                                       character of its own stands for (ToUnicode) */
	struct buf icc;                     /* the sRGB profile, deflated, read on first use */
	size_t icc_len;                     /* its length before deflating */
	int icc_state;                      /* 0 not read, 1 ready, -1 failed (reported) */
};

/* The output intent's ICC profile (PDF/A): sRGB IEC61966-2.1 from Debian's
 * icc-profiles-free. */
#ifndef REPORTGEN_SRGB_ICC
#define REPORTGEN_SRGB_ICC "/usr/share/color/icc/sRGB.icc"
#endif
#define PRODUCER "reportgen (libharu " HPDF_VERSION_TEXT ")"

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

/* The code point at s[*i], moving *i past it; an invalid byte is U+FFFD
 * and is passed alone. */
static unsigned next_cp(const char *s, size_t len, size_t *i)
{
	uint32_t cp;
	int k = utf8_decode(s + *i, len - *i, &cp);

	*i += k > 0 ? (size_t)k : 1;
	return cp;
}

/* Shape s[0..len) in role into g (room for max glyphs) or, when it holds
 * more glyphs, into *heap (xmalloc'd, the caller frees it). Returns the
 * glyph count and sets *out to the glyphs. */
static size_t shape(const struct fontsub *sub, const char *s, size_t len,
                    struct fontsub_glyph *g, size_t max, struct fontsub_glyph **heap,
                    struct fontsub_glyph **out)
{
	size_t n = fontsub_shape(sub, s, len, g, max);

	*heap = NULL;
	*out = g;
	if (n > max) {
		*heap = xmalloc(n * sizeof **heap);
		fontsub_shape(sub, s, len, *heap, n);
		*out = *heap;
	}
	return n;
}

/* The advance of s[0..len) in sub, shaped (kerning and ligatures), in
 * 1/1000 em. */
static double shaped_width(const struct fontsub *sub, const char *s, size_t len)
{
	struct fontsub_glyph buf[64], *heap, *g;
	size_t i, n = shape(sub, s, len, buf, 64, &heap, &g);
	double total = 0;

	for (i = 0; i < n; i++)
		total += fontsub_width(sub, g[i].gid) + g[i].kern;
	free(heap);
	return total;
}

/* Does slot role's fallback draw cp (the role's font has no glyph for it)? */
static int by_fallback(const struct pdf_fonts *f, int role, unsigned cp)
{
	if (cp > 0xFFFF)
		cp = 0xFFFD;
	return role < FONT_NROLES && f->sub[FALLBACK(role)] != NULL &&
	       fontsub_gid(f->sub[role], cp) == 0 && fontsub_gid(f->sub[FALLBACK(role)], cp) != 0;
}

/* The advance of the text as the PDF draws it: shaped (kerning and
 * ligatures), so the line breaker measures what put_glyphs emits. */
static double text_width(struct pdf_fonts *f, int role, const char *s, size_t len);

/* The line breaker measures the same words again and again (every
 * paragraph of every document of the run tries several breaks), and shaping
 * costs far more than a lookup: short texts' widths are remembered for the
 * run, keyed by role and bytes. The width depends on nothing else, so the
 * result is the same with or without the memo. */
enum { MEMO_MAXLEN = 48 };

static uint32_t memo_hash(int role, const char *s, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)role;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void memo_grow(struct width_memo *m)
{
	size_t cap = m->cap ? m->cap * 2 : 4096, i;
	struct width_ent *e = calloc(cap, sizeof *e);

	if (e == NULL)
		return;              /* no memo: measuring still works */
	for (i = 0; i < m->cap; i++) {
		struct width_ent *o = &m->ent[i];
		size_t k;

		if (o->text == NULL)
			continue;
		k = memo_hash(o->role, o->text, o->len) & (cap - 1);
		while (e[k].text != NULL)
			k = (k + 1) & (cap - 1);
		e[k] = *o;
	}
	free(m->ent);
	m->ent = e;
	m->cap = cap;
}

static double measure_width(void *ctx, int role, double size, const char *s, size_t len)
{
	struct pdf_fonts *f = ctx;
	struct width_memo *m = &f->memo;
	size_t k;
	double w;

	if (role < 0 || role >= FONT_NROLES)
		role = FONT_SERIF;
	if (len > MEMO_MAXLEN)
		return text_width(f, role, s, len) * size / 1000.0;
	if (2 * (m->n + 1) > m->cap)
		memo_grow(m);
	if (m->cap == 0)
		return text_width(f, role, s, len) * size / 1000.0;
	k = memo_hash(role, s, len) & (m->cap - 1);
	for (; m->ent[k].text != NULL; k = (k + 1) & (m->cap - 1))
		if (m->ent[k].role == role && m->ent[k].len == len &&
		    memcmp(m->ent[k].text, s, len) == 0)
			return m->ent[k].width * size / 1000.0;
	w = text_width(f, role, s, len);
	if ((m->ent[k].text = malloc(len + 1)) != NULL) {
		memcpy(m->ent[k].text, s, len);
		m->ent[k].text[len] = '\0';
		m->ent[k].len = len;
		m->ent[k].role = role;
		m->ent[k].width = w;
		m->n++;
	}
	return w * size / 1000.0;
}

/* The advance of s[0..len) in role, 1/1000 em, as page_ops and put_glyphs
 * draw it. */
static double text_width(struct pdf_fonts *f, int role, const char *s, size_t len)
{
	double total = 0;
	size_t i;

	if (f->sub[FALLBACK(role)] == NULL)
		return shaped_width(f->sub[role], s, len);
	/* cut where the text passes between the font and its fallback, as
	 * page_ops does for drawing, and shape each piece in its own font */
	for (i = 0; i < len;) {
		size_t k = i, start = i;
		int fb = by_fallback(f, role, next_cp(s, len, &k));

		while (k < len) {
			size_t prev = k;

			if (by_fallback(f, role, next_cp(s, len, &k)) != fb) {
				k = prev;
				break;
			}
		}
		total += shaped_width(f->sub[fb ? FALLBACK(role) : role], s + start, k - start);
		i = k;
	}
	return total;
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
	int line_no = 0, bad = 0, r, seen[NSLOT] = { 0 };
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
		{
			size_t rl = strlen(role);

			if (r < 0 && rl > 9 && strcmp(role + rl - 9, "-fallback") == 0) {
				role[rl - 9] = '\0';
				r = role_index(role);
				role[rl - 9] = '-';
				if (r >= 0)
					r = FALLBACK(r);
			}
		}
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
		f->line[r] = line_no;
	}
	for (r = 0; r < FONT_NROLES; r++)
		if (!seen[r] && !bad) {
			diag_error(NULL, EXIT_SYS, "%s: no font for role '%s'", manifest, role_names[r]);
			bad++;
		}
	buf_free(&b);
	return bad;
}

struct pdf_fonts *pdf_fonts_load(const char *manifest)
{
	struct pdf_fonts *f = xmalloc(sizeof *f);
	int r;

	memset(f, 0, sizeof *f);
	f->manifest = manifest;
	if (read_manifest(f, manifest) != 0) {
		free(f);
		return NULL;
	}
	for (r = 0; r < NSLOT; r++) {
		const struct fontsub_info *in;
		char why[256] = "";
		struct srcloc loc = { manifest, f->line[r], 0 };

		if (f->path[r][0] == '\0')
			continue;   /* a fallback the manifest does not name */
		/* Subset once per run; roles naming the same file share it. */
		for (int q = 0; q < r && f->sub[r] == NULL; q++)
			if (f->sub[q] != NULL && strcmp(f->path[q], f->path[r]) == 0) {
				f->sub[r] = f->sub[q];
				f->sub_shared[r] = 1;
			}
		if (f->sub[r] == NULL)
			f->sub[r] = fontsub_make(f->path[r], NULL, 0, why, sizeof why);
		if (f->sub[r] == NULL) {
			diag_error(&loc, EXIT_SYS, "font '%s' for role '%s%s' cannot be loaded: %s",
			           f->path[r], role_names[r % FONT_NROLES],
			           r >= FONT_NROLES ? "-fallback" : "", why);
			pdf_fonts_free(f);
			return NULL;
		}
		in = fontsub_info(f->sub[r]);
		if (r >= FONT_NROLES)
			continue;
		f->measure.ascent[r] = in->ascent / 1000.0;
		f->measure.descent[r] = -in->descent / 1000.0;
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
	free(f->missing);
	for (size_t k = 0; k < f->memo.cap; k++)
		free(f->memo.ent[k].text);
	free(f->memo.ent);
	/* the shaped glyphs' texts first: their sizes come from the subsets */
	for (r = 0; r < NSLOT; r++)
		if (f->glyph_text[r]) {
			for (unsigned g = 0; g < fontsub_glyph_count(f->sub[r]); g++)
				free(f->glyph_text[r][g]);
			free(f->glyph_text[r]);
		}
	for (r = 0; r < NSLOT; r++) {
		if (!f->sub_shared[r])
			fontsub_free(f->sub[r]);
		if (r < 2 && f->zs_ready[r])
			deflateEnd(&f->zs[r]);
		for (int k = 0; k < FONT_CACHE; k++) {
			free(f->cache[r][k].used);
			buf_free(&f->cache[r][k].font);
			buf_free(&f->cache[r][k].tounicode);
		}
	}
	buf_free(&f->icc);
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

/* One kid of a structure element: marked content on a page, an annotation
 * (OBJR), or an inline child element met among the content. */
enum { KID_MCID, KID_OBJR, KID_ELEM };
struct skid {
	int kind;
	int page;
	int mcid;                 /* KID_MCID */
	HPDF_Dict annot;          /* KID_OBJR */
	int child;                /* KID_ELEM */
};

struct selem {
	struct skid *kids;        /* own content and inline children, in drawing order */
	size_t nkids, cap;
	int page;                 /* page of the first kid, -1 = none yet */
	bool attached;            /* inline: already a kid of its parent */
	bool used;                /* has content below it: written */
	HPDF_Dict dict;
};

/* What each page's marked-content ids point to (the parent tree). */
struct pagemc {
	int *elem;
	size_t n, cap;
};

struct render {
	struct pdf_fonts *fonts;
	const struct layout *l;
	HPDF_Doc hdoc;
	struct pdf_err err;
	HPDF_Dict type0[NSLOT];           /* the document's fonts, made on first use */
	unsigned char *used[NSLOT];       /* [glyph count]: glyphs drawn in slot */
	HPDF_Page *pages;
	struct anchor *anchors;
	size_t nanchors;
	int warned_missing;
	struct buf content;               /* the page being drawn */
	struct arena *split;              /* text ops cut at fallback characters */
	/* structure */
	struct selem *se;                 /* [l->nelems] */
	struct pagemc *pmc;               /* [npages] */
	HPDF_Dict *annots;                /* link annotations in order, and their elements */
	int *annot_elem;
	size_t nannots, capannots;
	int cur_mc;                       /* open marked content: -1 none, -2 artifact,
	                                     -3 a broken word's, else its element */
	HPDF_MD5_CTX md5;                 /* of every content stream: the file identifier */
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

/* ---- compression ---- */

/* zlib levels: font programs are compressed once per distinct glyph set and
 * reused, so they get the default; page contents are compressed for every
 * page, where level 1 took about a third of the CPU of level 6 for 12 % more
 * bytes (a 4-page brief: 10.0 KB of contents at level 6, 11.5 KB at 1).
 * See README "Performance". */
enum { FONT_LEVEL = 6, CONTENT_LEVEL = 1 };

/* Append the zlib stream (FlateDecode) of p[0..n) to out at the level of z
 * (FONT_LEVEL or CONTENT_LEVEL). The run keeps one z_stream per level and
 * resets it between streams: setting one up allocates and clears about
 * 256 KB, which cost more than deflating a page. Returns 0, or -1 after
 * reporting that zlib failed (it fails only for want of memory). */
static int deflate_to(struct pdf_fonts *f, int level, struct buf *out, const void *p, size_t n)
{
	z_stream *z = &f->zs[level == FONT_LEVEL ? 0 : 1];
	int *ready = &f->zs_ready[level == FONT_LEVEL ? 0 : 1];
	size_t at = out->len;
	uLong cap;
	int st;

	if (!*ready) {
		memset(z, 0, sizeof *z);
		if (deflateInit(z, level) != Z_OK)
			goto oom;
		*ready = 1;
	} else if (deflateReset(z) != Z_OK) {
		goto oom;
	}
	cap = deflateBound(z, (uLong)n);
	buf_reserve(out, cap);
	z->next_in = (Bytef *)(uintptr_t)p;
	z->avail_in = (uInt)n;
	z->next_out = (Bytef *)out->data + at;
	z->avail_out = (uInt)cap;
	st = deflate(z, Z_FINISH);
	if (st != Z_STREAM_END)
		goto oom;
	out->len = at + (cap - z->avail_out);
	out->data[out->len] = '\0';
	return 0;
oom:
	diag_error(NULL, EXIT_SYS, "out of memory while compressing");
	return -1;
}

/* write_fn of stream objects whose bytes we deflated: libharu writes the
 * dictionary, this adds the filter, libharu then copies the bytes. */
static HPDF_STATUS flate_key(HPDF_Dict d, HPDF_Stream out)
{
	(void)d;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* ---- content streams ---- */

/* Append v with at most two decimals and no trailing zeros ("12", "0.5",
 * "-3.25"), then a space. Content numbers need no more: 1/100 pt. */
static void put_num(struct buf *b, double v)
{
	char tmp[32], *p = tmp + sizeof tmp;
	long long c = (long long)(v * 100.0 + (v < 0 ? -0.5 : 0.5));
	unsigned long long u = c < 0 ? (unsigned long long)-c : (unsigned long long)c;
	unsigned frac = (unsigned)(u % 100);

	*--p = ' ';
	if (frac) {
		if (frac % 10) {
			*--p = (char)('0' + frac % 10);
			*--p = (char)('0' + frac / 10);
		} else {
			*--p = (char)('0' + frac / 10);
		}
		*--p = '.';
	}
	u /= 100;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (c < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* Append v with at most one decimal ("12", "0.5"), then a space: the points
 * of map outlines, simplified to 0.2 pt, need no more. */
static void put_num1(struct buf *b, double v)
{
	long long c = (long long)(v * 10.0 + (v < 0 ? -0.5 : 0.5));

	if (c % 10)
		buf_printf(b, "%s%lld.%lld ", c < 0 ? "-" : "", llabs(c) / 10, llabs(c) % 10);
	else
		buf_printf(b, "%lld ", c / 10);
}

/* Colour components with three decimals: 0xRRGGBB -> "r g b ". */
static void put_rgb(struct buf *b, unsigned rgb)
{
	int k;

	for (k = 16; k >= 0; k -= 8) {
		unsigned c = (rgb >> k) & 255, m = (c * 1000 + 127) / 255;

		if (m == 0 || m == 1000)
			buf_puts(b, m ? "1 " : "0 ");
		else
			buf_printf(b, "0.%03u ", m);
	}
}

/* Record (once per character and role in a run) a character that neither
 * the role's font nor its fallback has a glyph for; the caller reports it
 * (pdf_fonts_missing) with the place in the template that uses it. */
static void report_missing(struct pdf_fonts *f, int role, unsigned cp)
{
	unsigned char *bit = &f->reported[role][cp >> 3];

	if (*bit & (1u << (cp & 7)))
		return;
	*bit |= (unsigned char)(1u << (cp & 7));
	if (f->nmissing == f->missing_cap) {
		f->missing_cap = f->missing_cap ? 2 * f->missing_cap : 8;
		f->missing = xrealloc(f->missing, f->missing_cap * sizeof *f->missing);
	}
	{
		size_t n, lo = 0, hi;
		const uint32_t *cs = fontsub_charset(&n);

		for (hi = n; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;

			if (cs[mid] < cp)
				lo = mid + 1;
			else
				hi = mid;
		}
		f->missing[f->nmissing].outside = lo == n || cs[lo] != cp;
	}
	f->missing[f->nmissing].role = role_names[role];
	f->missing[f->nmissing].font = f->path[role];
	f->missing[f->nmissing++].cp = cp;
}

size_t pdf_fonts_missing(const struct pdf_fonts *f, size_t from, const struct pdf_missing **m)
{
	*m = f->missing != NULL ? f->missing + from : NULL;
	return f->nmissing > from ? f->nmissing - from : 0;
}

static void put_gid(struct buf *c, unsigned g)
{
	unsigned k;

	for (k = 0; k < 2; k++) {
		unsigned char byte = (unsigned char)(k ? g & 0xFF : g >> 8);

		switch (byte) {
		case '(': case ')': case '\\':
			buf_putc(c, '\\');
			buf_putc(c, (char)byte);
			break;
		case '\n':
			buf_puts(c, "\\n");
			break;
		case '\r':
			buf_puts(c, "\\r");
			break;
		default:
			buf_putc(c, (char)byte);
		}
	}
}

/* Text as literal strings of 2-byte glyph ids (big-endian, with '(', ')',
 * '\\', CR and LF escaped), shaped with kerning and ligatures: a kerning
 * becomes a number of the TJ array between two strings. Marks the glyphs
 * used. Invalid UTF-8 and characters beyond the Basic Multilingual Plane are
 * drawn as U+FFFD. Returns the advance of the text in 1/1000 em. */
static double put_glyphs(struct render *r, int role, const char *s, size_t len)
{
	const struct fontsub *sub = r->fonts->sub[role];
	size_t i, n;
	struct fontsub_glyph buf[128], *heap, *g;
	double adv = 0;

	if (r->used[role] == NULL) {
		size_t ng = fontsub_glyph_count(sub);

		r->used[role] = xmalloc(ng);
		memset(r->used[role], 0, ng);
	}
	n = shape(sub, s, len, buf, 128, &heap, &g);
	buf_putc(&r->content, '(');
	for (i = 0; i < n; i++) {
		unsigned gid = g[i].gid;

		/* a glyph shaping made that stands for no character of its own and
		 * is no known ligature: remember the text of its cluster, so the
		 * ToUnicode map extracts it (the same glyph is the same text) */
		if (gid != 0 && fontsub_unicode(sub, gid) == 0 && fontsub_ligature(sub, gid) == NULL) {
			char ***t = &r->fonts->glyph_text[role];
			size_t end = i + 1 < n && g[i + 1].cluster > g[i].cluster ? g[i + 1].cluster : len;

			if (*t == NULL) {
				*t = xmalloc(fontsub_glyph_count(sub) * sizeof **t);
				memset(*t, 0, fontsub_glyph_count(sub) * sizeof **t);
			}
			if ((*t)[gid] == NULL && g[i].cluster < end && end <= len)
				(*t)[gid] = strndup(s + g[i].cluster, end - g[i].cluster);
		}

		if (gid == 0) {
			size_t at = g[i].cluster;
			unsigned cp = next_cp(s, len, &at);

			if (cp >= 0x20 && role < FONT_NROLES)
				report_missing(r->fonts, role, cp > 0xFFFF ? 0xFFFD : cp);
		}
		r->used[role][gid] = 1;
		adv += fontsub_width(sub, gid) + g[i].kern;
		put_gid(&r->content, gid);
		if (i + 1 < n && (g[i].kern <= -0.005 || g[i].kern >= 0.005)) {
			buf_putc(&r->content, ')');
			put_num(&r->content, -g[i].kern);
			buf_putc(&r->content, '(');
		}
	}
	buf_putc(&r->content, ')');
	free(heap);
	return adv;
}

static void mc_open(struct render *r, size_t pi, int tag, const char *actual);
static void mc_close(struct render *r, int *in_tj);

/* The glyphs of a text op, inside its TJ array. A word broken across two
 * lines reads whole: its first part (and hyphen) in marked content of its
 * own whose ActualText is the word, its rest on the next line in one whose
 * ActualText is empty; both belong to the op's structure element. */
static double put_text(struct render *r, size_t pi, int role, const struct draw_op *op,
                       int *in_tj)
{
	size_t len = strlen(op->text), a = 0, b = len;
	int tag = r->cur_mc;
	double adv = 0;

	if (!(op->flags & (DRAW_F_HYEND | DRAW_F_HYCONT)) || tag < 0) {
		adv = put_glyphs(r, role, op->text, len);
		if ((op->flags & DRAW_F_SPACE) && tag >= 0)
			adv += put_glyphs(r, role, " ", 1);   /* the line's end: a word gap */
		return adv;
	}
	if ((op->flags & DRAW_F_HYCONT) && op->cont_len <= len)
		a = op->cont_len;
	if ((op->flags & DRAW_F_HYEND) && op->actual && op->brk_len <= len - a)
		b = len - op->brk_len;
	for (int seg = 0; seg < 3; seg++) {
		size_t from = seg == 0 ? 0 : seg == 1 ? a : b, to = seg == 0 ? a : seg == 1 ? b : len;
		const char *actual = seg == 0 ? "" : seg == 2 ? op->actual : NULL;

		if (to <= from)
			continue;
		if (actual || r->cur_mc != tag) {
			mc_close(r, in_tj);
			mc_open(r, pi, tag, actual);
			r->cur_mc = actual ? -3 : tag;   /* -3: the next text reopens */
			buf_putc(&r->content, '[');
			*in_tj = 1;
		}
		adv += put_glyphs(r, role, op->text + from, to - from);
	}
	return adv;
}

/* The document's Type 0 font for role, created empty on first use (filled
 * by write_fonts once every page is drawn), and its resource name on page p. */
static const char *font_resource(struct render *r, HPDF_Page p, int role)
{
	static const char *const names[NSLOT] = { "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7",
	                                          "F8", "F9", "F10", "F11", "F12", "F13", "F14",
	                                          "F15" };
	HPDF_PageAttr attr = (HPDF_PageAttr)p->attr;

	if (r->type0[role] == NULL) {
		r->type0[role] = HPDF_Dict_New(r->hdoc->mmgr);
		if (r->type0[role] == NULL || HPDF_Xref_Add(r->hdoc->xref, r->type0[role]) != HPDF_OK)
			return NULL;
	}
	if (attr->fonts == NULL) {
		HPDF_Dict res = HPDF_Dict_GetItem(p, "Resources", HPDF_OCLASS_DICT);

		attr->fonts = HPDF_Dict_New(p->mmgr);
		if (res == NULL || attr->fonts == NULL ||
		    HPDF_Dict_Add(res, "Font", attr->fonts) != HPDF_OK)
			return NULL;
	}
	if (HPDF_Dict_GetItem(attr->fonts, names[role], HPDF_OCLASS_DICT) == NULL &&
	    HPDF_Dict_Add(attr->fonts, names[role], r->type0[role]) != HPDF_OK)
		return NULL;
	return names[role];
}

/* ---- marked content ---- */

static HPDF_Binary text_string(struct render *r, const char *s, struct buf *tmp);

static void kid_push(struct render *r, int e, const struct skid *k);

/* Make inline element e (Link, Reference) a kid of its parent at this point
 * of the parent's content, its parent first if that is inline too. */
static void attach(struct render *r, int e)
{
	const struct layout_elem *le = &r->l->elems[e];
	struct skid k = { KID_ELEM, 0, 0, NULL, e };

	if (!le->inline_el || r->se[e].attached || le->parent < 0)
		return;
	r->se[e].attached = true;
	kid_push(r, le->parent, &k);
}

static void kid_push(struct render *r, int e, const struct skid *k)
{
	struct selem *s = &r->se[e];

	attach(r, e);
	if (s->nkids == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4;
		s->kids = xrealloc(s->kids, s->cap * sizeof *s->kids);
	}
	if (s->page < 0 && k->kind != KID_ELEM)
		s->page = k->page;
	s->kids[s->nkids++] = *k;
}

/* The marked-content tag op is drawn under: -2 artifact, else its element. */
static int op_tag(const struct render *r, const struct draw_op *op)
{
	if (op->flags & DRAW_F_ARTIFACT)
		return -2;
	return op->elem > 0 && (size_t)op->elem < r->l->nelems ? op->elem : 0;
}

/* Marked content around text opens inside the text object (BT) and closes
 * before its ET; around shapes, outside any. So the two always nest. */

/* Close the open marked content (and the TJ array it is in). */
static void mc_close(struct render *r, int *in_tj)
{
	struct buf *c = &r->content;

	if (*in_tj) {
		buf_puts(c, "]TJ\n");
		*in_tj = 0;
	}
	if (r->cur_mc == -1)
		return;
	buf_puts(c, "EMC\n");
	r->cur_mc = -1;
}

/* Open marked content for element tag with the next MCID of page pi (a
 * kid of the element), with ActualText actual when not NULL. */
static void mc_open(struct render *r, size_t pi, int tag, const char *actual)
{
	struct buf *c = &r->content;
	struct pagemc *pm = &r->pmc[pi];
	struct skid k = { KID_MCID, (int)pi, (int)pm->n, NULL, 0 };

	if (pm->n == pm->cap) {
		pm->cap = pm->cap ? 2 * pm->cap : 64;
		pm->elem = xrealloc(pm->elem, pm->cap * sizeof *pm->elem);
	}
	pm->elem[pm->n++] = tag;
	/* ActualText is read on Span marked content (poppler reads it nowhere
	 * else); the MCID ties it to its element all the same */
	buf_printf(c, "/%s <</MCID %d", actual ? "Span" : layout_role_name(r->l->elems[tag].role),
	           k.mcid);
	if (actual) {
		size_t i = 0, len = strlen(actual);

		buf_puts(c, " /ActualText <FEFF");
		while (i < len) {
			unsigned cp = next_cp(actual, len, &i);

			if (cp > 0xFFFF)
				buf_printf(c, "%04X%04X", 0xD800 + ((cp - 0x10000) >> 10),
				           0xDC00 + (cp & 0x3FF));
			else
				buf_printf(c, "%04X", cp);
		}
		buf_putc(c, '>');
	}
	buf_puts(c, ">>BDC\n");
	kid_push(r, tag, &k);
}

/* Draw what follows under tag (op_tag): an Artifact, or marked content of
 * the tag's element. */
static void mc_to(struct render *r, size_t pi, int tag, int *in_tj)
{
	if (r->cur_mc == tag)
		return;
	mc_close(r, in_tj);
	if (tag == -2)
		buf_puts(&r->content, "/Artifact BMC\n");
	else
		mc_open(r, pi, tag, NULL);
	r->cur_mc = tag;
}

/* The visible text of link element e on the page (the annotation's
 * /Contents): its text ops, in drawing order. */
static const char *link_text(const struct draw_list *ops, int e, struct buf *tmp)
{
	size_t j;

	buf_clear(tmp);
	for (j = 0; j < ops->n; j++)
		if (ops->ops[j].kind == DRAW_TEXT && ops->ops[j].elem == e && ops->ops[j].text &&
		    !(ops->ops[j].flags & DRAW_F_ARTIFACT)) {
			if (tmp->len)
				buf_putc(tmp, ' ');
			buf_puts(tmp, ops->ops[j].text);
		}
	return buf_cstr(tmp);
}

/* The content stream of page pi. Returns 0, or -1 after reporting that it
 * could not be compressed; a libharu error is left in r->err. */

/* The ops of page pi, each text cut where it passes between its role's font
 * and the role's fallback (the pieces in the fallback's slot, placed one
 * after the other); the page's own ops when nothing needs a fallback. */
static const struct draw_list *page_ops(struct render *r, size_t pi)
{
	const struct draw_list *ops = &r->l->pages[pi].ops;
	struct draw_list *out = NULL;
	size_t i;

	for (i = 0; i < ops->n; i++) {
		const struct draw_op *op = &ops->ops[i];
		int role = op->font < 0 || op->font >= FONT_NROLES ? FONT_SERIF : op->font;
		size_t at = 0, len, start;
		double x;

		if (out == NULL) {
			int any = 0;

			if (op->kind == DRAW_TEXT && op->text != NULL && r->fonts->sub[FALLBACK(role)])
				for (size_t k = 0, n = strlen(op->text); k < n && !any;)
					any = by_fallback(r->fonts, role, next_cp(op->text, n, &k));
			if (!any)
				continue;
			if (r->split == NULL)
				r->split = arena_new();
			out = arena_calloc(r->split, 1, sizeof *out);
			for (size_t k = 0; k < i; k++)
				draw_push(r->split, out, &ops->ops[k]);
		}
		if (op->kind != DRAW_TEXT || op->text == NULL || r->fonts->sub[FALLBACK(role)] == NULL) {
			draw_push(r->split, out, op);
			continue;
		}
		len = strlen(op->text);
		x = op->x;
		while (at < len) {
			struct draw_op piece = *op;
			size_t k = at;
			int fb = by_fallback(r->fonts, role, next_cp(op->text, len, &k));
			double adv;

			start = at;
			for (k = at; k < len;) {
				size_t prev = k;
				unsigned cp = next_cp(op->text, len, &k);

				if (by_fallback(r->fonts, role, cp) != fb) {
					k = prev;
					break;
				}
			}
			adv = shaped_width(r->fonts->sub[fb ? FALLBACK(role) : role], op->text + start,
			                   k - start);
			at = k;
			piece.text = arena_strndup(r->split, op->text + start, at - start);
			piece.font = fb ? FALLBACK(role) : role;
			piece.x = x;
			/* a broken word's byte counts are the whole op's: a piece that
			 * is not the whole op reads as it is drawn */
			if (start != 0 || at != len)
				piece.flags &= (unsigned char)~(DRAW_F_HYEND | DRAW_F_HYCONT);
			draw_push(r->split, out, &piece);
			x += (double)adv * op->size / 1000.0;
		}
	}
	return out != NULL ? out : ops;
}

static int draw_page(struct render *r, size_t pi, struct buf *tmp)
{
	const struct draw_list *ops = page_ops(r, pi);
	HPDF_Page p = r->pages[pi];
	struct buf *c = &r->content;
	size_t i;
	int in_text = 0, in_tj = 0, cur_font = -1;
	double cur_size = -1, tx = 0, ty = 0, tj_end = 0, gap_from = 0;
	unsigned cur_fill = 0x1000000, cur_stroke = 0x1000000;
	double cur_lw = -1, cur_dash = 0;

	buf_clear(c);
	r->cur_mc = -1;
	for (i = 0; i < ops->n && r->err.error_no == 0; i++) {
		const struct draw_op *op = &ops->ops[i];

		if (op->kind != DRAW_TEXT && in_text &&
		    op->kind != DRAW_LINK_URI && op->kind != DRAW_LINK_DEST && op->kind != DRAW_ANCHOR) {
			mc_close(r, &in_tj);
			buf_puts(c, "ET\n");
			in_text = 0;
		}
		if (op->kind == DRAW_LINE || op->kind == DRAW_RECT || op->kind == DRAW_FILL ||
		    op->kind == DRAW_CIRCLE || op->kind == DRAW_PATH)
			mc_to(r, pi, op_tag(r, op), &in_tj);
		switch (op->kind) {
		case DRAW_TEXT: {
			int role = op->font < 0 || op->font >= NSLOT ? FONT_SERIF : op->font;

			if (op->text == NULL || op->text[0] == '\0')
				break;
			/* A word gap on the same line extracts as a space: a real space
			 * glyph ends the previous text. */
			gap_from = tj_end;
			if (in_tj && op->y == ty && op->x - tj_end > 0.12 * op->size &&
			    r->cur_mc != -2 && !(op->flags & DRAW_F_ARTIFACT) &&
			    fontsub_gid(r->fonts->sub[cur_font], ' ') != 0)
				tj_end += (double)put_glyphs(r, cur_font, " ", 1) * cur_size / 1000.0;
			if (!in_text) {
				mc_close(r, &in_tj);   /* a shape's */
				buf_puts(c, "BT\n");
				in_text = 1;
				tx = ty = 0;
			}
			mc_to(r, pi, op_tag(r, op), &in_tj);
			/* A word on the baseline of the previous one, in the same font,
			 * size and colour, joins its TJ array: the gap becomes a shift
			 * in 1/1000 em (negative numbers move right). */
			if (in_tj && role == cur_font && op->size == cur_size && op->rgb == cur_fill &&
			    op->y == ty && op->x >= gap_from - 0.01) {
				double shift = (tj_end - op->x) * 1000.0 / op->size;

				if (shift <= -0.005 || shift >= 0.005)
					put_num(c, shift);
				tj_end = op->x + (double)put_text(r, pi, role, op, &in_tj) * op->size / 1000.0;
				break;
			}
			if (in_tj) {
				buf_puts(c, "]TJ\n");
				in_tj = 0;
			}
			if (!in_text) {
				buf_puts(c, "BT\n");
				in_text = 1;
				tx = ty = 0;
			}
			if (role != cur_font || op->size != cur_size) {
				const char *name = font_resource(r, p, role);

				if (name == NULL)
					return 0;   /* libharu's error is in r->err */
				buf_printf(c, "/%s ", name);
				put_num(c, op->size);
				buf_puts(c, "Tf\n");
				cur_font = role;
				cur_size = op->size;
			}
			if (op->rgb != cur_fill) {
				put_rgb(c, op->rgb);
				buf_puts(c, "rg\n");
				cur_fill = op->rgb;
			}
			put_num(c, op->x - tx);
			put_num(c, op->y - ty);
			buf_puts(c, "Td[");
			tx = op->x;
			ty = op->y;
			in_tj = 1;
			tj_end = op->x + (double)put_text(r, pi, role, op, &in_tj) * op->size / 1000.0;
			break;
		}
		case DRAW_LINE:
		case DRAW_RECT:
			if (op->rgb != cur_stroke) {
				put_rgb(c, op->rgb);
				buf_puts(c, "RG\n");
				cur_stroke = op->rgb;
			}
			if (op->lw != cur_lw) {
				put_num(c, op->lw > 0 ? op->lw : 0.5);
				buf_puts(c, "w\n");
				cur_lw = op->lw;
			}
			if (op->dash != cur_dash) {
				unsigned d = (unsigned)(op->dash + 0.5);

				if (op->dash > 0 && d > 0)
					buf_printf(c, "[%u] 0 d\n", d);
				else
					buf_puts(c, "[] 0 d\n");
				cur_dash = op->dash;
			}
			put_num(c, op->x);
			put_num(c, op->y);
			if (op->kind == DRAW_LINE) {
				buf_puts(c, "m ");
				put_num(c, op->x + op->w);
				put_num(c, op->y + op->h);
				buf_puts(c, "l S\n");
			} else {
				put_num(c, op->w);
				put_num(c, op->h);
				buf_puts(c, "re S\n");
			}
			break;
		case DRAW_FILL:
			if (op->rgb != cur_fill) {
				put_rgb(c, op->rgb);
				buf_puts(c, "rg\n");
				cur_fill = op->rgb;
			}
			put_num(c, op->x);
			put_num(c, op->y);
			put_num(c, op->w);
			put_num(c, op->h);
			buf_puts(c, "re f\n");
			break;
		case DRAW_CIRCLE: {
			/* four Bezier quarters; k = 4/3 (sqrt 2 - 1) */
			double x = op->x, y = op->y, rad = op->w, k = rad * 0.5522847498;

			if (op->rgb != cur_fill) {
				put_rgb(c, op->rgb);
				buf_puts(c, "rg\n");
				cur_fill = op->rgb;
			}
			if (op->lw > 0) {
				if (op->lw != cur_lw) {
					put_num(c, op->lw);
					buf_puts(c, "w\n");
					cur_lw = op->lw;
				}
				if (op->rgb != cur_stroke) {
					put_rgb(c, op->rgb);
					buf_puts(c, "RG\n");
					cur_stroke = op->rgb;
				}
			}
			put_num(c, x - rad);
			put_num(c, y);
			buf_puts(c, "m ");
			put_num(c, x - rad), put_num(c, y + k), put_num(c, x - k), put_num(c, y + rad);
			put_num(c, x), put_num(c, y + rad), buf_puts(c, "c ");
			put_num(c, x + k), put_num(c, y + rad), put_num(c, x + rad), put_num(c, y + k);
			put_num(c, x + rad), put_num(c, y), buf_puts(c, "c ");
			put_num(c, x + rad), put_num(c, y - k), put_num(c, x + k), put_num(c, y - rad);
			put_num(c, x), put_num(c, y - rad), buf_puts(c, "c ");
			put_num(c, x - k), put_num(c, y - rad), put_num(c, x - rad), put_num(c, y - k);
			put_num(c, x - rad), put_num(c, y), buf_puts(c, "c ");
			buf_puts(c, op->lw > 0 ? "S\n" : "f\n");
			break;
		}
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
			if (an) {
				int e = op_tag(r, op);
				struct buf txt = { 0 };
				const char *what = e > 0 ? link_text(ops, e, &txt) : "";

				HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
				HPDF_Dict_AddNumber(an, "F", 4);   /* Print */
				if (*what == '\0')
					what = op->target;   /* a link drawn without text */
				HPDF_Dict_Add(an, "Contents", text_string(r, what, tmp));
				buf_free(&txt);
				if (e > 0) {
					struct skid k = { KID_OBJR, (int)pi, 0, an, 0 };

					if (r->nannots == r->capannots) {
						r->capannots = r->capannots ? 2 * r->capannots : 32;
						r->annots = xrealloc(r->annots, r->capannots * sizeof *r->annots);
						r->annot_elem = xrealloc(r->annot_elem,
						                         r->capannots * sizeof *r->annot_elem);
					}
					HPDF_Dict_AddNumber(an, "StructParent",
					                    (HPDF_INT32)(r->l->npages + r->nannots));
					r->annots[r->nannots] = an;
					r->annot_elem[r->nannots++] = e;
					kid_push(r, e, &k);
				}
				if (HPDF_Dict_GetItem(p, "Tabs", HPDF_OCLASS_NAME) == NULL)
					HPDF_Dict_AddName(p, "Tabs", "S");
			}
			break;
		}
		case DRAW_ANCHOR:
			break;
		case DRAW_PATH: {
			/* rings as closed subpaths, filled even-odd (holes, islands) */
			size_t rg, k, from = 0;
			bool fill = op->rgb != DRAW_NOFILL, stroke = op->lw > 0;

			if (op->nrings == 0 || (!fill && !stroke))
				break;
			if (fill && op->rgb != cur_fill) {
				put_rgb(c, op->rgb);
				buf_puts(c, "rg\n");
				cur_fill = op->rgb;
			}
			if (stroke) {
				if (op->stroke_rgb != cur_stroke) {
					put_rgb(c, op->stroke_rgb);
					buf_puts(c, "RG\n");
					cur_stroke = op->stroke_rgb;
				}
				if (op->lw != cur_lw) {
					put_num(c, op->lw);
					buf_puts(c, "w\n");
					cur_lw = op->lw;
				}
				if (cur_dash != 0) {
					buf_puts(c, "[] 0 d\n");
					cur_dash = 0;
				}
			}
			for (rg = 0; rg < op->nrings; from = op->ring_end[rg++]) {
				for (k = from; k < op->ring_end[rg]; k++) {
					put_num1(c, op->x + op->pts[2 * k]);
					put_num1(c, op->y + op->pts[2 * k + 1]);
					buf_puts(c, k == from ? "m " : "l ");
				}
				buf_puts(c, "h\n");
			}
			buf_puts(c, fill && stroke ? "B*\n" : fill ? "f*\n" : "S\n");
			break;
		}
		}
	}
	mc_close(r, &in_tj);
	if (in_text)
		buf_puts(c, "ET\n");
	HPDF_Dict_AddNumber(p, "StructParents", (HPDF_INT32)pi);
	HPDF_MD5Update(&r->md5, (const HPDF_BYTE *)c->data, (HPDF_UINT32)c->len);
	if (c->len > 0) {
		HPDF_PageAttr attr = (HPDF_PageAttr)p->attr;

		buf_clear(tmp);
		if (deflate_to(r->fonts, CONTENT_LEVEL, tmp, c->data, c->len) != 0)
			return -1;
		attr->contents->write_fn = flate_key;
		if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)tmp->data,
		                      (HPDF_UINT)tmp->len) != HPDF_OK && r->err.error_no == 0)
			r->err.error_no = HPDF_STREAM_EOF;   /* the stream sets no error of its own */
	}
	return 0;
}

/* ---- font objects ---- */

/* Six capitals naming the subset (PDF 9.6.4): a hash of the font's name and
 * the glyphs it holds, so equal subsets get equal tags in every run. */
static void subset_tag(char tag[7], const char *psname, const unsigned char *used, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; psname[i]; i++)
		h = (h ^ (unsigned char)psname[i]) * 1099511628211ull;
	for (i = 0; i < n; i++)
		if (used[i])
			h = (h ^ (i & 0xFF) ^ (i >> 8 << 3)) * 1099511628211ull;
	for (i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
}

/* The ToUnicode CMap: glyph id -> the character it stands for (a ligature:
 * its letters). */
static void tounicode(const struct fontsub *sub, const unsigned char *used, char **gtext,
                      struct buf *b)
{
	unsigned g, n = fontsub_glyph_count(sub), count = 0, k;

	buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (g = 1; g < n; g++)
		count += used[g] && (fontsub_unicode(sub, g) != 0 || fontsub_ligature(sub, g) != NULL ||
		                     (gtext && gtext[g]));
	for (g = 1, k = 0; g < n; g++) {
		uint32_t u = fontsub_unicode(sub, g);
		const char *lig = fontsub_ligature(sub, g);

		if (!used[g] || (u == 0 && lig == NULL && !(gtext && gtext[g])))
			continue;
		if (k % 100 == 0)
			buf_printf(b, "%u beginbfchar\n", count - k < 100 ? count - k : 100);
		if (u != 0) {
			buf_printf(b, "<%04X> <%04X>\n", g, (unsigned)u);
		} else if (lig == NULL) {   /* the text the glyph was shaped from */
			size_t at = 0, tl = strlen(gtext[g]);

			buf_printf(b, "<%04X> <", g);
			while (at < tl) {
				unsigned cp = next_cp(gtext[g], tl, &at);

				if (cp > 0xFFFF)
					buf_printf(b, "%04X%04X", 0xD800 + ((cp - 0x10000) >> 10),
					           0xDC00 + (cp & 0x3FF));
				else
					buf_printf(b, "%04X", cp);
			}
			buf_puts(b, ">\n");
		} else {   /* a ligature extracts as its letters (ASCII) */
			buf_printf(b, "<%04X> <", g);
			for (; *lig; lig++)
				buf_printf(b, "%04X", (unsigned)(unsigned char)*lig);
			buf_puts(b, ">\n");
		}
		if (++k % 100 == 0 || k == count)
			buf_puts(b, "endbfchar\n");
	}
	buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* A stream object holding z, bytes already deflated: libharu writes them as
 * they are (its own compression is off) and flate_key adds the filter. */
static HPDF_Dict stream_of(struct render *r, const struct buf *z)
{
	HPDF_Dict d = HPDF_DictStream_New(r->hdoc->mmgr, r->hdoc->xref);

	if (d == NULL)
		return NULL;
	d->write_fn = flate_key;
	if (HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)z->data, (HPDF_UINT)z->len) != HPDF_OK)
		return NULL;
	return d;
}

static uint64_t used_hash(const unsigned char *used, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		if (used[i])
			h = (h ^ i) * 1099511628211ull;
	return h ? h : 1;
}

/* The cut and compressed program of role for the glyphs in used, from the
 * cache or made now; NULL after reporting that HarfBuzz or zlib failed. */
static const struct font_prog *font_program(struct pdf_fonts *f, int role,
                                            const unsigned char *used, struct buf *tmp)
{
	const struct fontsub *sub = f->sub[role];
	size_t n = fontsub_glyph_count(sub);
	uint64_t h = used_hash(used, n);
	struct font_prog *p;
	int k;

	for (k = 0; k < FONT_CACHE; k++) {
		p = &f->cache[role][k];
		if (p->hash == h && memcmp(p->used, used, n) == 0)
			return p;
	}
	p = &f->cache[role][f->cache_next[role]];
	f->cache_next[role] = (f->cache_next[role] + 1) % FONT_CACHE;
	p->hash = 0;
	buf_clear(tmp);
	if (fontsub_glyph_subset(sub, used, tmp) != 0) {
		diag_error(NULL, EXIT_SYS, "cannot subset font '%s' for this document",
		           f->path[role]);
		return NULL;
	}
	p->font_len = tmp->len;
	buf_clear(&p->font);
	if (deflate_to(f, FONT_LEVEL, &p->font, tmp->data, tmp->len) != 0)
		return NULL;   /* the slot stays empty (hash 0) */
	buf_clear(tmp);
	tounicode(sub, used, f->glyph_text[role], tmp);
	buf_clear(&p->tounicode);
	if (deflate_to(f, FONT_LEVEL, &p->tounicode, tmp->data, tmp->len) != 0)
		return NULL;
	if (p->used == NULL)
		p->used = xmalloc(n);
	memcpy(p->used, used, n);
	p->hash = h;
	return p;
}

/* Fill the Type 0 font of role: descendant CIDFontType2, descriptor, font
 * program, widths, ToUnicode. Returns 0 or -1 (libharu error recorded, or
 * HarfBuzz or zlib failed: reported by font_program). */
static int write_font(struct render *r, int role, struct buf *tmp)
{
	const struct fontsub *sub = r->fonts->sub[role];
	const struct fontsub_info *in = fontsub_info(sub);
	const unsigned char *used = r->used[role];
	HPDF_MMgr mm = r->hdoc->mmgr;
	HPDF_Dict t0 = r->type0[role], cid, desc, file, info, tu;
	HPDF_Array arr, w, run = NULL;
	unsigned g, n = fontsub_glyph_count(sub), prev = 0;
	char base[100], tag[7];
	HPDF_STATUS st = HPDF_OK;
	const struct font_prog *prog;
	int flags;

	subset_tag(tag, in->psname, used, n);
	snprintf(base, sizeof base, "%s+%s", tag, in->psname);

	prog = font_program(r->fonts, role, used, tmp);
	if (prog == NULL)
		return -1;   /* reported */
	file = stream_of(r, &prog->font);
	if (file == NULL)
		return -1;
	st |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)prog->font_len);

	desc = HPDF_Dict_New(mm);
	if (desc == NULL || HPDF_Xref_Add(r->hdoc->xref, desc) != HPDF_OK)
		return -1;
	flags = (in->fixed ? 1 : 0) | (in->serif ? 2 : 0) | 32 | (in->italic ? 64 : 0);
	st |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	st |= HPDF_Dict_AddName(desc, "FontName", base);
	st |= HPDF_Dict_AddNumber(desc, "Flags", flags);
	arr = HPDF_Array_New(mm);
	if (arr == NULL)
		return -1;
	st |= HPDF_Dict_Add(desc, "FontBBox", arr);
	for (g = 0; g < 4; g++)
		st |= HPDF_Array_AddNumber(arr, in->bbox[g]);
	st |= HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)in->italic_angle);
	st |= HPDF_Dict_AddNumber(desc, "Ascent", in->ascent);
	st |= HPDF_Dict_AddNumber(desc, "Descent", in->descent);
	st |= HPDF_Dict_AddNumber(desc, "CapHeight", in->cap_height);
	st |= HPDF_Dict_AddNumber(desc, "StemV", 
	                          strstr(role_names[role % FONT_NROLES], "bold") ? 120 : 80);
	st |= HPDF_Dict_Add(desc, "FontFile2", file);

	cid = HPDF_Dict_New(mm);
	if (cid == NULL || HPDF_Xref_Add(r->hdoc->xref, cid) != HPDF_OK)
		return -1;
	st |= HPDF_Dict_AddName(cid, "Type", "Font");
	st |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	st |= HPDF_Dict_AddName(cid, "BaseFont", base);
	info = HPDF_Dict_New(mm);
	if (info == NULL)
		return -1;
	st |= HPDF_Dict_Add(cid, "CIDSystemInfo", info);
	st |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	st |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
	st |= HPDF_Dict_AddNumber(info, "Supplement", 0);
	st |= HPDF_Dict_Add(cid, "FontDescriptor", desc);
	st |= HPDF_Dict_AddNumber(cid, "DW", in->missing_width);
	w = HPDF_Array_New(mm);
	if (w == NULL)
		return -1;
	st |= HPDF_Dict_Add(cid, "W", w);
	for (g = 1; g < n; g++) {   /* runs of consecutive glyphs: g [w w w] */
		if (!used[g])
			continue;
		if (run == NULL || g != prev + 1) {
			run = HPDF_Array_New(mm);
			if (run == NULL)
				return -1;
			st |= HPDF_Array_AddNumber(w, (HPDF_INT32)g);
			st |= HPDF_Array_Add(w, run);
		}
		st |= HPDF_Array_AddNumber(run, fontsub_width(sub, g));
		prev = g;
	}
	st |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");

	tu = stream_of(r, &prog->tounicode);
	if (tu == NULL)
		return -1;

	st |= HPDF_Dict_AddName(t0, "Type", "Font");
	st |= HPDF_Dict_AddName(t0, "Subtype", "Type0");
	st |= HPDF_Dict_AddName(t0, "BaseFont", base);
	st |= HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
	arr = HPDF_Array_New(mm);
	if (arr == NULL)
		return -1;
	st |= HPDF_Dict_Add(t0, "DescendantFonts", arr);
	st |= HPDF_Array_Add(arr, cid);
	st |= HPDF_Dict_Add(t0, "ToUnicode", tu);
	return st == HPDF_OK ? 0 : -1;
}

/* Dates from SOURCE_DATE_EPOCH into the information dictionary; iso gets
 * the same instant for the XMP metadata ("" when unset: no dates anywhere). */
static void set_dates(HPDF_Doc hdoc, char iso[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;
	time_t t;
	struct tm tm;
	HPDF_Date d;

	iso[0] = '\0';
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
	if (tm.tm_year + 1900 >= 0 && tm.tm_year + 1900 <= 9999)
		snprintf(iso, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (tm.tm_year + 1900) % 10000,
		         (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
		         tm.tm_sec % 100);
}

/* A PDF text string for UTF-8 s: UTF-16BE with a byte order mark, written
 * by libharu as a hex string. Invalid UTF-8 becomes U+FFFD; characters
 * beyond the Basic Multilingual Plane become surrogate pairs. (libharu's own
 * UTF-8 encoder would do the same but costs a 65,536-entry table per
 * document.) */
static HPDF_Binary text_string(struct render *r, const char *s, struct buf *tmp)
{
	size_t i = 0, len = strlen(s);

	buf_clear(tmp);
	buf_add(tmp, "\xFE\xFF", 2);
	while (i < len) {
		unsigned cp = next_cp(s, len, &i);
		unsigned char u[4];

		if (cp > 0xFFFF) {
			unsigned hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + (cp & 0x3FF);

			u[0] = (unsigned char)(hi >> 8), u[1] = (unsigned char)hi;
			u[2] = (unsigned char)(lo >> 8), u[3] = (unsigned char)lo;
			buf_add(tmp, u, 4);
		} else {
			u[0] = (unsigned char)(cp >> 8), u[1] = (unsigned char)cp;
			buf_add(tmp, u, 2);
		}
	}
	return HPDF_Binary_New(r->hdoc->mmgr, (HPDF_BYTE *)tmp->data, (HPDF_UINT)tmp->len);
}

static void set_info(struct render *r, const struct pdf_info *info, struct buf *tmp)
{
	static const char *const keys[4] = { "Title", "Author", "Subject", "Keywords" };
	const char *vals[4];
	int k;

	/* an ASCII attribute through the API makes the information dictionary */
	HPDF_SetInfoAttr(r->hdoc, HPDF_INFO_CREATOR, "reportgen");
	HPDF_SetInfoAttr(r->hdoc, HPDF_INFO_PRODUCER, PRODUCER);
	if (info == NULL || r->hdoc->info == NULL)
		return;
	vals[0] = info->title, vals[1] = info->author, vals[2] = info->subject;
	vals[3] = info->keywords;
	for (k = 0; k < 4; k++)
		if (vals[k] != NULL)
			HPDF_Dict_Add(r->hdoc->info, keys[k], text_string(r, vals[k], tmp));
}

static void build_outline(struct render *r, struct buf *tmp)
{
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
		ol = HPDF_CreateOutline(r->hdoc, up, "", NULL);
		if (ol == NULL ||
		    HPDF_Dict_Add(ol, "Title", text_string(r, o->title ? o->title : "", tmp)) != HPDF_OK)
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

/* ---- structure tree ---- */

struct child_ref {
	int parent, order, idx;
};

static int child_cmp(const void *a, const void *b)
{
	const struct child_ref *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* A kid of a structure element's /K: an MCID (a marked-content reference
 * when it is on another page than the element's /Pg), an OBJR, an element. */
static HPDF_STATUS add_kid(struct render *r, HPDF_Array k, const struct selem *s,
                           const struct skid *kid)
{
	HPDF_MMgr mm = r->hdoc->mmgr;
	HPDF_Dict d;
	HPDF_STATUS st = HPDF_OK;

	switch (kid->kind) {
	case KID_MCID:
		if (kid->page == s->page)
			return HPDF_Array_AddNumber(k, kid->mcid);
		d = HPDF_Dict_New(mm);
		if (d == NULL)
			return HPDF_FAILD_TO_ALLOC_MEM;
		st |= HPDF_Dict_AddName(d, "Type", "MCR");
		st |= HPDF_Dict_Add(d, "Pg", r->pages[kid->page]);
		st |= HPDF_Dict_AddNumber(d, "MCID", kid->mcid);
		return st | HPDF_Array_Add(k, d);
	case KID_OBJR:
		d = HPDF_Dict_New(mm);
		if (d == NULL)
			return HPDF_FAILD_TO_ALLOC_MEM;
		st |= HPDF_Dict_AddName(d, "Type", "OBJR");
		st |= HPDF_Dict_Add(d, "Pg", r->pages[kid->page]);
		st |= HPDF_Dict_Add(d, "Obj", kid->annot);
		return st | HPDF_Array_Add(k, d);
	default:
		if (r->se[kid->child].used && r->se[kid->child].dict)
			return HPDF_Array_Add(k, r->se[kid->child].dict);
		return HPDF_OK;
	}
}

/* The language tag of the catalog: the document's language with Mexico as
 * the region of its Spanish ("es-MX"), English as written ("en"). */
static const char *lang_tag(const char *lang)
{
	if (lang == NULL || strcmp(lang, "en") == 0)
		return "en";
	if (strcmp(lang, "es") == 0)
		return "es-MX";
	return lang;
}

/* The structure tree from the layout's elements: an element is written when
 * it has content below it (and table cells to keep the table's shape);
 * elements keep the logical order of the document tree; every MCID and
 * link annotation is found back through the parent tree. */
static int write_structure(struct render *r, struct buf *tmp)
{
	const struct layout *l = r->l;
	HPDF_MMgr mm = r->hdoc->mmgr;
	HPDF_Dict root, ptree, rolemap, cat = r->hdoc->catalog;
	HPDF_Array nums, arr;
	struct child_ref *ch;
	size_t i, j, nch = 0;
	HPDF_STATUS st = HPDF_OK;

	/* what is written */
	for (i = 0; i < l->nelems; i++)
		if (r->se[i].nkids > 0)
			for (int e = (int)i; e >= 0 && !r->se[e].used; e = l->elems[e].parent)
				r->se[e].used = true;
	for (i = 1; i < l->nelems; i++)
		if (!r->se[i].used && l->elems[i].keep_empty && l->elems[i].parent >= 0 &&
		    r->se[l->elems[i].parent].used)
			r->se[i].used = true;
	r->se[0].used = true;
	for (i = 0; i < l->nelems; i++) {
		const struct layout_elem *le = &l->elems[i];
		HPDF_Dict d;

		if (!r->se[i].used)
			continue;
		d = r->se[i].dict = HPDF_Dict_New(mm);
		if (d == NULL || HPDF_Xref_Add(r->hdoc->xref, d) != HPDF_OK)
			return -1;
		st |= HPDF_Dict_AddName(d, "Type", "StructElem");
		st |= HPDF_Dict_AddName(d, "S", layout_role_name(le->role));
		if (le->alt)
			st |= HPDF_Dict_Add(d, "Alt", text_string(r, le->alt, tmp));
		if (le->lang)
			st |= HPDF_Dict_Add(d, "Lang", HPDF_String_New(mm, lang_tag(le->lang), NULL));
		if (le->scope || le->colspan > 1) {
			HPDF_Dict a = HPDF_Dict_New(mm);

			if (a == NULL)
				return -1;
			st |= HPDF_Dict_AddName(a, "O", "Table");
			if (le->scope)
				st |= HPDF_Dict_AddName(a, "Scope", le->scope);
			if (le->colspan > 1)
				st |= HPDF_Dict_AddNumber(a, "ColSpan", le->colspan);
			st |= HPDF_Dict_Add(d, "A", a);
		}
		if (!le->inline_el && le->parent >= 0)
			nch++;
	}
	/* block children by parent, in logical order */
	ch = xmalloc((nch + 1) * sizeof *ch);
	for (i = 0, j = 0; i < l->nelems; i++)
		if (r->se[i].used && !l->elems[i].inline_el && l->elems[i].parent >= 0)
			ch[j++] = (struct child_ref){ l->elems[i].parent, l->elems[i].order, (int)i };
	qsort(ch, nch, sizeof *ch, child_cmp);
	root = HPDF_Dict_New(mm);
	if (root == NULL || HPDF_Xref_Add(r->hdoc->xref, root) != HPDF_OK) {
		free(ch);
		return -1;
	}
	for (i = 0, j = 0; i < l->nelems && st == HPDF_OK; i++) {
		struct selem *s = &r->se[i];
		HPDF_Array k;

		if (!s->used)
			continue;
		st |= HPDF_Dict_Add(s->dict, "P", l->elems[i].parent >= 0 ?
		                                  r->se[l->elems[i].parent].dict : root);
		if (s->page >= 0)
			st |= HPDF_Dict_Add(s->dict, "Pg", r->pages[s->page]);
		k = HPDF_Array_New(mm);
		if (k == NULL)
			break;
		st |= HPDF_Dict_Add(s->dict, "K", k);
		for (size_t q = 0; q < s->nkids; q++)
			st |= add_kid(r, k, s, &s->kids[q]);
		while (j < nch && ch[j].parent < (int)i)
			j++;
		for (; j < nch && ch[j].parent == (int)i; j++)
			st |= HPDF_Array_Add(k, r->se[ch[j].idx].dict);
	}
	free(ch);
	/* the parent tree: page i's MCIDs, then the annotations */
	ptree = HPDF_Dict_New(mm);
	nums = HPDF_Array_New(mm);
	rolemap = HPDF_Dict_New(mm);
	if (ptree == NULL || nums == NULL || rolemap == NULL ||
	    HPDF_Xref_Add(r->hdoc->xref, ptree) != HPDF_OK)
		return -1;
	st |= HPDF_Dict_Add(ptree, "Nums", nums);
	for (i = 0; i < l->npages; i++) {
		arr = HPDF_Array_New(mm);
		if (arr == NULL)
			return -1;
		st |= HPDF_Array_AddNumber(nums, (HPDF_INT32)i);
		st |= HPDF_Array_Add(nums, arr);
		for (j = 0; j < r->pmc[i].n; j++)
			st |= HPDF_Array_Add(arr, r->se[r->pmc[i].elem[j]].dict);
	}
	for (i = 0; i < r->nannots; i++) {
		st |= HPDF_Array_AddNumber(nums, (HPDF_INT32)(l->npages + i));
		st |= HPDF_Array_Add(nums, r->se[r->annot_elem[i]].dict);
	}
	st |= HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
	st |= HPDF_Dict_Add(root, "K", r->se[0].dict);
	st |= HPDF_Dict_Add(root, "ParentTree", ptree);
	st |= HPDF_Dict_AddNumber(root, "ParentTreeNextKey",
	                          (HPDF_INT32)(l->npages + r->nannots));
	st |= HPDF_Dict_AddName(rolemap, "Title", "H1");
	st |= HPDF_Dict_Add(root, "RoleMap", rolemap);
	st |= HPDF_Dict_Add(cat, "StructTreeRoot", root);
	{
		HPDF_Dict mi = HPDF_Dict_New(mm), vp = HPDF_Dict_New(mm);

		if (mi == NULL || vp == NULL)
			return -1;
		st |= HPDF_Dict_AddBoolean(mi, "Marked", HPDF_TRUE);
		st |= HPDF_Dict_Add(cat, "MarkInfo", mi);
		st |= HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
		st |= HPDF_Dict_Add(cat, "ViewerPreferences", vp);
	}
	st |= HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, lang_tag(l->lang), NULL));
	return st == HPDF_OK ? 0 : -1;
}

/* ---- PDF/A-2b: metadata, output intent, file layout ---- */

static void xml_text(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		default: buf_putc(b, *s);
		}
}

/* The XMP packet: the information dictionary's values again (PDF/A wants
 * them equal), the language, and the claims PDF/A-2b and PDF/UA-1, with
 * the extension schema PDF/A asks for the pdfuaid property. Not
 * compressed (PDF/A readers must find it as text). */
static int write_xmp(struct render *r, const struct pdf_info *info, const char *iso,
                     struct buf *x)
{
	HPDF_Dict d;

	buf_clear(x);
	buf_puts(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	         "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	         "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	         " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	         " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
	         " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
	         " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
	         " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
	         " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
	         "<dc:format>application/pdf</dc:format>\n");
	if (info && info->title) {
		buf_puts(x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(x, info->title);
		buf_puts(x, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (info && info->author) {
		buf_puts(x, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(x, info->author);
		buf_puts(x, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (info && info->subject) {
		buf_puts(x, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(x, info->subject);
		buf_puts(x, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	buf_printf(x, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n",
	           lang_tag(r->l->lang));
	if (info && info->keywords) {
		buf_puts(x, "<pdf:Keywords>");
		xml_text(x, info->keywords);
		buf_puts(x, "</pdf:Keywords>\n");
	}
	buf_puts(x, "<pdf:Producer>" PRODUCER "</pdf:Producer>\n"
	         "<xmp:CreatorTool>reportgen</xmp:CreatorTool>\n");
	if (iso[0])
		buf_printf(x, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
		           "<xmp:MetadataDate>%s</xmp:MetadataDate>\n", iso, iso, iso);
	buf_puts(x, "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
	         "<pdfuaid:part>1</pdfuaid:part>\n"
	         "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
	         "<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>\n"
	         "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
	         "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
	         "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
	         "<pdfaProperty:name>part</pdfaProperty:name>\n"
	         "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
	         "<pdfaProperty:category>internal</pdfaProperty:category>\n"
	         "<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
	         "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
	         "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
	         "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	d = HPDF_DictStream_New(r->hdoc->mmgr, r->hdoc->xref);
	if (d == NULL || HPDF_Dict_AddName(d, "Type", "Metadata") != HPDF_OK ||
	    HPDF_Dict_AddName(d, "Subtype", "XML") != HPDF_OK ||
	    HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)x->data, (HPDF_UINT)x->len) != HPDF_OK)
		return -1;
	return HPDF_Dict_Add(r->hdoc->catalog, "Metadata", d) == HPDF_OK ? 0 : -1;
}

/* The sRGB output intent (PDF/A), its profile read and deflated once a run. */
static int write_output_intent(struct render *r, struct buf *tmp)
{
	struct pdf_fonts *f = r->fonts;
	HPDF_MMgr mm = r->hdoc->mmgr;
	HPDF_Dict oi, prof;
	HPDF_Array arr;
	HPDF_STATUS st = HPDF_OK;

	if (f->icc_state == 0) {
		buf_clear(tmp);
		if (buf_read_file(tmp, REPORTGEN_SRGB_ICC) != 0 || tmp->len < 128) {
			diag_error(NULL, EXIT_SYS, "%s: cannot read the sRGB colour profile (Debian "
			           "package icc-profiles-free): %s", REPORTGEN_SRGB_ICC,
			           errno ? strerror(errno) : "too short");
			f->icc_state = -1;
		} else {
			f->icc_len = tmp->len;
			f->icc_state = deflate_to(f, FONT_LEVEL, &f->icc, tmp->data, tmp->len) == 0 ? 1 : -1;
		}
	}
	if (f->icc_state < 0)
		return -2;   /* reported */
	prof = stream_of(r, &f->icc);
	oi = HPDF_Dict_New(mm);
	arr = HPDF_Array_New(mm);
	if (prof == NULL || oi == NULL || arr == NULL)
		return -1;
	st |= HPDF_Dict_AddNumber(prof, "N", 3);
	st |= HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	st |= HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	st |= HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	                    HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
	st |= HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
	st |= HPDF_Dict_Add(oi, "RegistryName", HPDF_String_New(mm, "http://www.color.org", NULL));
	st |= HPDF_Dict_Add(oi, "DestOutputProfile", prof);
	st |= HPDF_Array_Add(arr, oi);
	st |= HPDF_Dict_Add(r->hdoc->catalog, "OutputIntents", arr);
	return st == HPDF_OK ? 0 : -1;
}

/* libharu writes a classic cross-reference table and every object on its
 * own. pack() rewrites that file: streams stay as they are, every other
 * object (structure elements, annotations, pages, font dictionaries ...)
 * goes into object streams, deflated, indexed by a cross-reference stream
 * (PDF 1.5; PDF/A-2 allows both). The structure tree is thousands of small
 * dictionaries; packed they cost a tenth. The trailer's /ID is the MD5 of
 * the file's bytes before it: the same content gives the same identifier. */
struct pobj {
	size_t off, end;      /* span of "N 0 obj ... endobj" in the input */
	unsigned num;
	int packed;           /* 1: goes into an object stream */
};

static int pobj_cmp(const void *a, const void *b)
{
	const struct pobj *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

static const char *find_mem(const char *h, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (h[i] == needle[0] && memcmp(h + i, needle, k) == 0)
			return h + i;
	return NULL;
}

enum { OBJSTM_MAX = 200 };

static int pack(struct pdf_fonts *f, const struct buf *in, struct buf *out)
{
	const char *d = in->data, *p, *q;
	size_t n = in->len, sx, nobj = 0, i, first_obj;
	unsigned size, root = 0, info = 0, k;
	struct pobj *o;
	struct buf idx = { 0 }, body = { 0 }, z = { 0 };
	unsigned *type, *f2, *f3, nstm = 0, xnum;
	HPDF_MD5_CTX md5;
	HPDF_BYTE id[16];
	int rc = -1;

	/* startxref, the table, the trailer's /Root and /Info */
	p = NULL;
	for (i = n > 64 ? n - 64 : 0; i + 9 < n; i++)
		if (memcmp(d + i, "startxref", 9) == 0)
			p = d + i;
	if (p == NULL || (sx = strtoul(p + 10, NULL, 10)) >= n || memcmp(d + sx, "xref", 4) != 0)
		goto bad;
	q = d + sx + 5;
	if (strtoul(q, (char **)&q, 10) != 0)
		goto bad;
	size = (unsigned)strtoul(q, (char **)&q, 10);
	while (*q == '\r' || *q == '\n' || *q == ' ')
		q++;
	if (size == 0 || (size_t)(q - d) + 20 * (size_t)size > n)
		goto bad;
	o = xmalloc(size * sizeof *o);
	for (k = 1; k < size; k++) {
		const char *e = q + 20 * k;

		if (e[17] != 'n')
			continue;
		o[nobj].off = strtoul(e, NULL, 10);
		o[nobj].num = k;
		o[nobj].packed = 0;
		if (o[nobj].off >= sx)
			goto bad_o;
		nobj++;
	}
	p = find_mem(q + 20 * size, n - (size_t)(q + 20 * size - d), "/Root ");
	if (p)
		root = (unsigned)strtoul(p + 6, NULL, 10);
	p = find_mem(q + 20 * size, n - (size_t)(q + 20 * size - d), "/Info ");
	if (p)
		info = (unsigned)strtoul(p + 6, NULL, 10);
	if (root == 0 || nobj == 0)
		goto bad_o;
	qsort(o, nobj, sizeof *o, pobj_cmp);
	for (i = 0; i < nobj; i++) {
		o[i].end = i + 1 < nobj ? o[i + 1].off : sx;
		o[i].packed = find_mem(d + o[i].off, o[i].end - o[i].off, "\nstream") == NULL;
	}
	type = xmalloc(3 * (size + nobj / OBJSTM_MAX + 2) * sizeof *type);
	f2 = type + (size + nobj / OBJSTM_MAX + 2);
	f3 = f2 + (size + nobj / OBJSTM_MAX + 2);
	memset(type, 0, 3 * (size + nobj / OBJSTM_MAX + 2) * sizeof *type);
	f3[0] = 65535;
	/* header and the objects that stay (streams) */
	first_obj = o[0].off;
	buf_add(out, d, first_obj);
	for (i = 0; i < nobj; i++)
		if (!o[i].packed) {
			type[o[i].num] = 1;
			f2[o[i].num] = (unsigned)out->len;
			buf_add(out, d + o[i].off, o[i].end - o[i].off);
		}
	/* the others, OBJSTM_MAX an object stream */
	xnum = size;
	for (i = 0; i < nobj;) {
		unsigned count = 0, sn = xnum++;

		buf_clear(&idx);
		buf_clear(&body);
		for (; i < nobj && count < OBJSTM_MAX; i++) {
			const char *s0 = d + o[i].off, *e0 = d + o[i].end, *b0, *b1;

			if (!o[i].packed)
				continue;
			b0 = memchr(s0, '\n', (size_t)(e0 - s0));   /* after "N 0 obj" */
			b1 = find_mem(s0, (size_t)(e0 - s0), "endobj");
			if (b0 == NULL || b1 == NULL || b1 < b0)
				goto bad_t;
			buf_printf(&idx, "%u %zu ", o[i].num, body.len);
			buf_add(&body, b0 + 1, (size_t)(b1 - b0 - 1));
			buf_putc(&body, '\n');
			type[o[i].num] = 2;
			f2[o[i].num] = sn;
			f3[o[i].num] = count++;
		}
		if (count == 0) {
			xnum--;
			break;
		}
		buf_add(&idx, body.data, body.len);
		buf_clear(&z);
		if (deflate_to(f, CONTENT_LEVEL, &z, idx.data, idx.len) != 0)
			goto bad_t;
		type[sn] = 1;
		f2[sn] = (unsigned)out->len;
		buf_printf(out, "%u 0 obj\n<</Type/ObjStm/N %u/First %zu/Filter/FlateDecode/Length %zu>>"
		           "\nstream\r\n", sn, count, idx.len - body.len, z.len);
		buf_add(out, z.data, z.len);
		buf_puts(out, "\nendstream\nendobj\n");
		nstm++;
	}
	/* the identifier: a digest of everything so far */
	HPDF_MD5Init(&md5);
	HPDF_MD5Update(&md5, (const HPDF_BYTE *)out->data, (HPDF_UINT32)out->len);
	HPDF_MD5Final(id, &md5);
	/* the cross-reference stream */
	{
		unsigned xs = xnum++;
		size_t xoff = out->len;

		buf_clear(&idx);
		type[xs] = 1;
		f2[xs] = (unsigned)xoff;
		for (k = 0; k < xnum; k++) {
			unsigned char row[7] = { (unsigned char)type[k], (unsigned char)(f2[k] >> 24),
			                         (unsigned char)(f2[k] >> 16), (unsigned char)(f2[k] >> 8),
			                         (unsigned char)f2[k], (unsigned char)(f3[k] >> 8),
			                         (unsigned char)f3[k] };

			buf_add(&idx, row, 7);
		}
		buf_clear(&z);
		if (deflate_to(f, CONTENT_LEVEL, &z, idx.data, idx.len) != 0)
			goto bad_t;
		buf_printf(out, "%u 0 obj\n<</Type/XRef/Size %u/W[1 4 2]/Root %u 0 R", xs, xnum, root);
		if (info)
			buf_printf(out, "/Info %u 0 R", info);
		buf_puts(out, "/ID[<");
		for (k = 0; k < 16; k++)
			buf_printf(out, "%02X", id[k]);
		buf_puts(out, "><");
		for (k = 0; k < 16; k++)
			buf_printf(out, "%02X", id[k]);
		buf_printf(out, ">]/Filter/FlateDecode/Length %zu>>\nstream\r\n", z.len);
		buf_add(out, z.data, z.len);
		buf_printf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xoff);
	}
	(void)nstm;
	rc = 0;
bad_t:
	free(type);
bad_o:
	free(o);
bad:
	if (rc != 0)
		diag_error(NULL, EXIT_SYS, "cannot read back the PDF library's file layout");
	buf_free(&idx);
	buf_free(&body);
	buf_free(&z);
	return rc;
}

/* libharu's allocator for the document being rendered: its callbacks take no
 * context, so the arena is this file's (documents are rendered one at a
 * time, on one thread). */
static struct arena *hpdf_mem;

static void *hpdf_alloc(HPDF_UINT size)
{
	return arena_alloc(hpdf_mem, size);
}

static void hpdf_free(void *p)
{
	(void)p;   /* freed with the arena */
}

int pdf_render(struct pdf_fonts *f, const struct layout *l, const struct pdf_info *info,
               struct buf *out)
{
	struct render r;
	struct buf tmp = { 0 };
	size_t i, j, k;
	int rc = -1;
	struct layout lc;
	char iso[32];
	struct buf raw = { 0 };

	memset(&r, 0, sizeof r);
	r.fonts = f;
	if (l->nelems == 0) {
		/* a layout made without structure: everything is the Document's */
		static const struct layout_elem doc_only = { .role = SR_DOCUMENT, .parent = -1 };

		lc = *l;
		lc.elems = (struct layout_elem *)&doc_only;
		lc.nelems = 1;
		l = &lc;
	}
	r.l = l;
	/* libharu's many small objects come from an arena freed as a whole after
	 * the document, not from one malloc each (its own memory pool would do
	 * the same but hands out misaligned blocks) */
	hpdf_mem = arena_new();
	r.hdoc = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, &r.err);
	if (r.hdoc == NULL) {
		diag_error(NULL, EXIT_SYS, "cannot start the PDF library");
		arena_free(hpdf_mem);
		hpdf_mem = NULL;
		return -1;
	}
	/* no HPDF_SetCompressionMode: every stream is deflated here (deflate_to) */
	r.hdoc->pdf_version = HPDF_VER_17;
	set_info(&r, info, &tmp);
	set_dates(r.hdoc, iso);
	if (l->noutline)
		HPDF_SetPageMode(r.hdoc, HPDF_PAGE_MODE_USE_OUTLINE);

	r.se = xmalloc((l->nelems + 1) * sizeof *r.se);
	memset(r.se, 0, (l->nelems + 1) * sizeof *r.se);
	for (i = 0; i < l->nelems; i++)
		r.se[i].page = -1;
	r.pmc = xmalloc((l->npages + 1) * sizeof *r.pmc);
	memset(r.pmc, 0, (l->npages + 1) * sizeof *r.pmc);
	HPDF_MD5Init(&r.md5);
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
		if (draw_page(&r, i, &tmp) != 0)
			goto out;   /* reported */
	build_outline(&r, &tmp);
	if (write_structure(&r, &tmp) != 0 && r.err.error_no == 0)
		r.err.error_no = HPDF_FAILD_TO_ALLOC_MEM;
	if (write_xmp(&r, info, iso, &tmp) != 0 && r.err.error_no == 0)
		r.err.error_no = HPDF_FAILD_TO_ALLOC_MEM;
	switch (write_output_intent(&r, &tmp)) {
	case -2:
		goto out;   /* reported */
	case -1:
		if (r.err.error_no == 0)
			r.err.error_no = HPDF_FAILD_TO_ALLOC_MEM;
		break;
	}
	if (r.err.error_no) {
		report_hpdf(&r.err, "drawing the pages");
		goto out;
	}
	for (i = 0; i < NSLOT; i++)
		if (r.type0[i] != NULL && r.used[i] != NULL && write_font(&r, (int)i, &tmp) != 0) {
			if (r.err.error_no)
				report_hpdf(&r.err, "embedding the fonts");
			else if (diag_status() == 0)
				diag_error(NULL, EXIT_SYS, "cannot embed font '%s'", f->path[i]);
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
			buf_add(&raw, chunk, n);
		if (st == HPDF_STREAM_EOF)
			break;
		if (st != HPDF_OK) {
			report_hpdf(&r.err, "reading the PDF stream");
			goto out;
		}
	}
	if (pack(f, &raw, out) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&raw);
	HPDF_Free(r.hdoc);
	arena_free(hpdf_mem);
	hpdf_mem = NULL;
	for (i = 0; i < NSLOT; i++)
		free(r.used[i]);
	arena_free(r.split);
	buf_free(&r.content);
	free(r.pages);
	free(r.anchors);
	for (i = 0; i < l->nelems; i++)
		free(r.se[i].kids);
	free(r.se);
	for (i = 0; i < l->npages; i++)
		free(r.pmc[i].elem);
	free(r.pmc);
	free(r.annots);
	free(r.annot_elem);
	buf_free(&tmp);
	return rc;
}
