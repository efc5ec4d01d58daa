/*
 * load/geojson.c: the outlines of areas from a GeoJSON file (RFC 7946), the
 * subset a map needs: a FeatureCollection of Features whose geometry is a
 * Polygon or a MultiPolygon in longitude/latitude (CRS84), each with a code
 * property. We have no JSON library: this is a small strict parser of its
 * own. It reads the whole text into a tree (bounded: depth, size), then walks
 * the tree against the subset. Every problem is FILE:LINE:COL (column in
 * characters) and fails the load: nothing half-read reaches the model.
 */
#include "load/load.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

enum {
	GJ_MAX_DEPTH = 16,             /* FeatureCollection > Feature > MultiPolygon: 7 */
	GJ_MAX_BYTES = 64 << 20        /* far above any simplified outline file */
};

enum jkind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jkind kind;
	int line, col;
	double num;                /* J_NUM; J_BOOL: 0 or 1 */
	const char *str;           /* J_STR */
	const char *key;           /* member name when inside an object */
	struct jv *first, *next;   /* children of J_ARR / J_OBJ, in order */
	size_t n;                  /* number of children */
};

struct jp {
	struct arena *a;
	const char *path;
	const char *s, *end, *p;
	const char *line_start;
	int line;
	bool failed;
	const char *col_at;        /* a position on the current line and its column, */
	int col;                   /* so that columns cost the bytes since (lines are long) */
};

static int jp_col(struct jp *j, const char *at)
{
	if (j->col_at == NULL || j->col_at < j->line_start || at < j->col_at) {
		j->col_at = j->line_start;
		j->col = 1;
	}
	j->col += (int)utf8_count(j->col_at, (size_t)(at - j->col_at));
	j->col_at = at;
	return j->col;
}

static void jp_error(struct jp *j, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void jp_error(struct jp *j, const char *at, const char *fmt, ...)
{
	struct srcloc loc = { j->path, j->line, jp_col(j, at) };
	char msg[256];
	va_list ap;

	if (j->failed)
		return;
	j->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(&loc, EXIT_DATA, "%s", msg);
}

static void skip_ws(struct jp *j)
{
	while (j->p < j->end) {
		char c = *j->p;

		if (c == '\n') {
			j->line++;
			j->line_start = ++j->p;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			j->p++;
		} else {
			break;
		}
	}
}

static struct jv *new_jv(struct jp *j, enum jkind k, const char *at)
{
	struct jv *v = arena_calloc(j->a, 1, sizeof *v);

	v->kind = k;
	v->line = j->line;
	v->col = jp_col(j, at);
	return v;
}

static int hex4(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A string at j->p (on the opening quote); its text, decoded, in the arena. */
static const char *parse_string(struct jp *j)
{
	const char *start = j->p++;
	struct buf b = { 0 };
	const char *res = NULL;

	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c < 0x20) {
			jp_error(j, j->p, "control character in a string (escape it)");
			goto out;
		}
		if (c != '\\') {
			size_t n = utf8_step(j->p, (size_t)(j->end - j->p));
			uint32_t cp;

			if (utf8_decode(j->p, (size_t)(j->end - j->p), &cp) < 0) {
				jp_error(j, j->p, "invalid UTF-8 in a string");
				goto out;
			}
			buf_add(&b, j->p, n);
			j->p += n;
			continue;
		}
		if (j->p + 1 >= j->end)
			break;
		switch (j->p[1]) {
		case '"': buf_putc(&b, '"'); break;
		case '\\': buf_putc(&b, '\\'); break;
		case '/': buf_putc(&b, '/'); break;
		case 'b': buf_putc(&b, '\b'); break;
		case 'f': buf_putc(&b, '\f'); break;
		case 'n': buf_putc(&b, '\n'); break;
		case 'r': buf_putc(&b, '\r'); break;
		case 't': buf_putc(&b, '\t'); break;
		case 'u': {
			uint32_t cp, lo;
			char enc[UTF8_MAX];
			int len;

			if (j->end - j->p < 6 || hex4(j->p + 2, &cp) != 0) {
				jp_error(j, j->p, "'\\u' needs four hexadecimal digits");
				goto out;
			}
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (j->end - j->p < 12 || j->p[6] != '\\' || j->p[7] != 'u' ||
				    hex4(j->p + 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
					jp_error(j, j->p, "unpaired surrogate in '\\u' escape");
					goto out;
				}
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				j->p += 6;
			}
			if ((len = utf8_encode(cp, enc)) == 0 || cp == 0) {
				jp_error(j, j->p, "'\\u' escape is not a character");
				goto out;
			}
			buf_add(&b, enc, (size_t)len);
			j->p += 4;
			break;
		}
		default:
			jp_error(j, j->p, "unknown escape '\\%c'", j->p[1]);
			goto out;
		}
		j->p += 2;
	}
	if (j->p >= j->end) {
		jp_error(j, start, "string not closed");
		goto out;
	}
	j->p++;
	res = arena_strndup(j->a, b.data ? b.data : "", b.len);
out:
	buf_free(&b);
	return res;
}

/* A number by JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool parse_number(struct jp *j, double *out)
{
	const char *q = j->p, *start = j->p;
	char tmp[64];

	if (q < j->end && *q == '-')
		q++;
	if (q < j->end && *q == '0')
		q++;
	else if (q < j->end && *q >= '1' && *q <= '9')
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	else
		goto bad;
	if (q < j->end && *q == '.') {
		if (++q >= j->end || *q < '0' || *q > '9')
			goto bad;
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < j->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < j->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= j->end || *q < '0' || *q > '9')
			goto bad;
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	}
	if ((size_t)(q - start) >= sizeof tmp) {
		jp_error(j, start, "number too long");
		return false;
	}
	memcpy(tmp, start, (size_t)(q - start));
	tmp[q - start] = '\0';
	if (data_parse_number(tmp, out) != 0) {
		jp_error(j, start, "number out of range: %s", tmp);
		return false;
	}
	j->p = q;
	return true;
bad:
	jp_error(j, start, "not a JSON value");
	return false;
}

static struct jv *parse_value(struct jp *j, int depth);

/* Children of an array or object until close; members need "key": first. */
static bool parse_items(struct jp *j, struct jv *v, char close, int depth)
{
	struct jv **tail = &v->first;

	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		const char *key = NULL;
		struct jv *c, *o;

		skip_ws(j);
		if (v->kind == J_OBJ) {
			const char *kat = j->p;

			if (j->p >= j->end || *j->p != '"') {
				jp_error(j, j->p, "expected a member name in quotes");
				return false;
			}
			if ((key = parse_string(j)) == NULL)
				return false;
			for (o = v->first; o; o = o->next)
				if (strcmp(o->key, key) == 0) {
					jp_error(j, kat, "member '%s' appears twice", key);
					return false;
				}
			skip_ws(j);
			if (j->p >= j->end || *j->p != ':') {
				jp_error(j, j->p, "expected ':' after member name");
				return false;
			}
			j->p++;
			skip_ws(j);
		}
		if ((c = parse_value(j, depth + 1)) == NULL)
			return false;
		c->key = key;
		*tail = c;
		tail = &c->next;
		v->n++;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return true;
		}
		jp_error(j, j->p, "expected ',' or '%c'", close);
		return false;
	}
}

static struct jv *parse_value(struct jp *j, int depth)
{
	struct jv *v;
	const char *at;

	skip_ws(j);
	at = j->p;
	if (depth > GJ_MAX_DEPTH) {
		jp_error(j, at, "nested deeper than %d levels", GJ_MAX_DEPTH);
		return NULL;
	}
	if (at >= j->end) {
		jp_error(j, at, "unexpected end of file");
		return NULL;
	}
	switch (*at) {
	case '{':
	case '[':
		v = new_jv(j, *at == '{' ? J_OBJ : J_ARR, at);
		return parse_items(j, v, *at == '{' ? '}' : ']', depth) ? v : NULL;
	case '"':
		v = new_jv(j, J_STR, at);
		return (v->str = parse_string(j)) != NULL ? v : NULL;
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };
		size_t w = *at == 't' ? 0 : *at == 'f' ? 1 : 2, len = strlen(words[w]);

		if ((size_t)(j->end - at) < len || memcmp(at, words[w], len) != 0) {
			jp_error(j, at, "not a JSON value");
			return NULL;
		}
		v = new_jv(j, w == 2 ? J_NULL : J_BOOL, at);
		v->num = w == 0;
		j->p += len;
		return v;
	}
	default:
		v = new_jv(j, J_NUM, at);
		return parse_number(j, &v->num) ? v : NULL;
	}
}

/* ---- the GeoJSON subset ---- */

static const char *const kind_names[] = {
	"null", "a boolean", "a number", "a string", "an array", "an object"
};

static bool expect(struct jp *j, const struct jv *v, enum jkind k, const char *what)
{
	struct srcloc loc = { j->path, v->line, v->col };

	if (v->kind == k)
		return true;
	diag_error(&loc, EXIT_DATA, "%s must be %s, not %s", what, kind_names[k],
	           kind_names[v->kind]);
	j->failed = true;
	return false;
}

static void at_error(struct jp *j, const struct jv *v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void at_error(struct jp *j, const struct jv *v, const char *fmt, ...)
{
	struct srcloc loc = { j->path, v->line, v->col };
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(&loc, EXIT_DATA, "%s", msg);
	j->failed = true;
}

static const struct jv *member(const struct jv *o, const char *key)
{
	const struct jv *c;

	for (c = o->first; c; c = c->next)
		if (strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

/* The member key of o, of kind k; NULL after reporting (or silently when
 * absent and optional). */
static const struct jv *need(struct jp *j, const struct jv *o, const char *key, enum jkind k,
                             bool required)
{
	const struct jv *v = member(o, key);
	char what[96];

	if (v == NULL) {
		if (required)
			at_error(j, o, "%s has no member '%s'", o->key ? o->key : "the object", key);
		return NULL;
	}
	snprintf(what, sizeof what, "'%s'", key);
	return expect(j, v, k, what) ? v : NULL;
}

/* Grows of a shape under construction. */
struct acc {
	double *xy;
	size_t npts, cap;
	size_t *ring_end;
	size_t nrings, rcap;
};

static void acc_point(struct jp *j, struct acc *s, double x, double y)
{
	if (s->npts == s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 256;
		double *n = arena_alloc(j->a, 2 * nc * sizeof *n);

		if (s->npts)
			memcpy(n, s->xy, 2 * s->npts * sizeof *n);
		s->xy = n;
		s->cap = nc;
	}
	s->xy[2 * s->npts] = x;
	s->xy[2 * s->npts + 1] = y;
	s->npts++;
}

static void acc_ring(struct jp *j, struct acc *s)
{
	if (s->nrings == s->rcap) {
		size_t nc = s->rcap ? 2 * s->rcap : 8;
		size_t *n = arena_alloc(j->a, nc * sizeof *n);

		if (s->nrings)
			memcpy(n, s->ring_end, s->nrings * sizeof *n);
		s->ring_end = n;
		s->rcap = nc;
	}
	s->ring_end[s->nrings++] = s->npts;
}

/* A linear ring: 4 or more positions, the last equal to the first (dropped). */
static bool read_ring(struct jp *j, const struct jv *ring, struct acc *s)
{
	const struct jv *pos;
	size_t k = 0, start = s->npts;

	if (!expect(j, ring, J_ARR, "a ring"))
		return false;
	if (ring->n < 4) {
		at_error(j, ring, "a ring needs at least 4 positions, this one has %zu", ring->n);
		return false;
	}
	for (pos = ring->first; pos; pos = pos->next, k++) {
		const struct jv *x, *y;

		if (!expect(j, pos, J_ARR, "a position"))
			return false;
		if (pos->n < 2 || pos->n > 3) {
			at_error(j, pos, "a position is [longitude, latitude], not %zu numbers", pos->n);
			return false;
		}
		x = pos->first;
		y = x->next;
		if (!expect(j, x, J_NUM, "a longitude") || !expect(j, y, J_NUM, "a latitude"))
			return false;
		if (pos->n == 3 && !expect(j, y->next, J_NUM, "an altitude"))
			return false;
		if (x->num < -180 || x->num > 180) {
			at_error(j, x, "longitude %g is outside -180..180", x->num);
			return false;
		}
		if (y->num < -90 || y->num > 90) {
			at_error(j, y, "latitude %g is outside -90..90", y->num);
			return false;
		}
		if (pos->next == NULL) {
			if (x->num != s->xy[2 * start] || y->num != s->xy[2 * start + 1]) {
				at_error(j, pos, "a ring must end at its first position");
				return false;
			}
			break;   /* the closing position is implicit from here on */
		}
		acc_point(j, s, x->num, y->num);
	}
	acc_ring(j, s);
	return true;
}

static bool read_polygon(struct jp *j, const struct jv *poly, struct acc *s)
{
	const struct jv *ring;

	if (!expect(j, poly, J_ARR, "a polygon's coordinates"))
		return false;
	if (poly->n == 0) {
		at_error(j, poly, "a polygon needs at least its outer ring");
		return false;
	}
	for (ring = poly->first; ring; ring = ring->next)
		if (!read_ring(j, ring, s))
			return false;
	return true;
}

static bool read_feature(struct jp *j, const struct jv *f, const char *code_prop,
                         const char *name_prop, struct geo_shape *out)
{
	const struct jv *ty, *props, *geom, *code, *name, *gty, *coords, *p;
	struct acc s = { 0 };

	if (!expect(j, f, J_OBJ, "a feature"))
		return false;
	if ((ty = need(j, f, "type", J_STR, true)) == NULL)
		return false;
	if (strcmp(ty->str, "Feature") != 0) {
		at_error(j, ty, "a member of 'features' must be a \"Feature\", not \"%s\"", ty->str);
		return false;
	}
	if ((props = need(j, f, "properties", J_OBJ, true)) == NULL ||
	    (geom = need(j, f, "geometry", J_OBJ, true)) == NULL)
		return false;
	if ((code = need(j, props, code_prop, J_STR, true)) == NULL)
		return false;
	if (code->str[0] == '\0') {
		at_error(j, code, "property '%s' is empty", code_prop);
		return false;
	}
	name = name_prop && *name_prop ? need(j, props, name_prop, J_STR, true) : NULL;
	if (name_prop && *name_prop && name == NULL)
		return false;
	if ((gty = need(j, geom, "type", J_STR, true)) == NULL ||
	    (coords = need(j, geom, "coordinates", J_ARR, true)) == NULL)
		return false;
	if (strcmp(gty->str, "Polygon") == 0) {
		if (!read_polygon(j, coords, &s))
			return false;
	} else if (strcmp(gty->str, "MultiPolygon") == 0) {
		if (coords->n == 0) {
			at_error(j, coords, "a MultiPolygon needs at least one polygon");
			return false;
		}
		for (p = coords->first; p; p = p->next)
			if (!read_polygon(j, p, &s))
				return false;
	} else {
		at_error(j, gty, "geometry must be a Polygon or a MultiPolygon, not \"%s\"", gty->str);
		return false;
	}
	out->code = code->str;
	out->name = name ? name->str : code->str;
	out->loc.file = j->path;
	out->loc.line = f->line;
	out->loc.col = f->col;
	out->nrings = s.nrings;
	out->npts = s.npts;
	out->ring_end = s.ring_end;
	out->xy = s.xy;
	return true;
}

int geojson_load_buf(struct arena *a, const char *name, const char *bytes, size_t len,
                     const char *code_prop, const char *name_prop, struct geo_shapes *out)
{
	struct jp j = { a, name, bytes, bytes + len, bytes, bytes, 1, false, NULL, 0 };
	const struct jv *root, *ty, *feats, *crs, *f;
	struct geo_shape *v;
	size_t i, k, n = 0;
	long bad;

	memset(out, 0, sizeof *out);
	out->path = name;
	if (len > GJ_MAX_BYTES) {
		struct srcloc loc = { name, 0, 0 };

		diag_error(&loc, EXIT_DATA, "file larger than %d MB", GJ_MAX_BYTES >> 20);
		return -1;
	}
	if ((bad = utf8_invalid(bytes, len)) >= 0) {
		const char *at = bytes + bad;

		for (j.p = bytes; j.p < at; j.p++)
			if (*j.p == '\n') {
				j.line++;
				j.line_start = j.p + 1;
			}
		jp_error(&j, at, "invalid UTF-8");
		return -1;
	}
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
		j.p = j.line_start = bytes + 3;
	if ((root = parse_value(&j, 0)) == NULL)
		return -1;
	skip_ws(&j);
	if (j.p < j.end) {
		jp_error(&j, j.p, "text after the end of the JSON value");
		return -1;
	}
	if (!expect(&j, root, J_OBJ, "the file"))
		return -1;
	if ((ty = need(&j, root, "type", J_STR, true)) == NULL)
		return -1;
	if (strcmp(ty->str, "FeatureCollection") != 0) {
		at_error(&j, ty, "the file must be a \"FeatureCollection\", not \"%s\"", ty->str);
		return -1;
	}
	/* RFC 7946: longitude/latitude on WGS 84; an older 'crs' member may say so */
	if ((crs = member(root, "crs")) != NULL && crs->kind != J_NULL) {
		const struct jv *cp = crs->kind == J_OBJ ? member(crs, "properties") : NULL;
		const struct jv *cn = cp && cp->kind == J_OBJ ? member(cp, "name") : NULL;

		if (cn == NULL || cn->kind != J_STR ||
		    strcmp(cn->str, "urn:ogc:def:crs:OGC:1.3:CRS84") != 0) {
			at_error(&j, cn ? cn : crs, "coordinates must be longitude/latitude "
			         "(crs urn:ogc:def:crs:OGC:1.3:CRS84)");
			return -1;
		}
	}
	if ((feats = need(&j, root, "features", J_ARR, true)) == NULL)
		return -1;
	v = arena_calloc(a, feats->n ? feats->n : 1, sizeof *v);
	for (f = feats->first; f; f = f->next) {
		if (!read_feature(&j, f, code_prop, name_prop, &v[n]))
			continue;   /* reported; the other features are still checked */
		for (k = 0; k < n; k++)
			if (strcmp(v[k].code, v[n].code) == 0) {
				at_error(&j, f, "a second feature with code '%s' (the first is at line %d)",
				         v[n].code, v[k].loc.line);
				break;
			}
		n++;
	}
	if (j.failed)
		return -1;
	if (n == 0) {
		at_error(&j, feats, "no features");
		return -1;
	}
	out->n = n;
	out->v = v;
	out->x0 = out->y0 = INFINITY;
	out->x1 = out->y1 = -INFINITY;
	for (i = 0; i < n; i++)
		for (k = 0; k < v[i].npts; k++) {
			double x = v[i].xy[2 * k], y = v[i].xy[2 * k + 1];

			out->x0 = fmin(out->x0, x);
			out->x1 = fmax(out->x1, x);
			out->y0 = fmin(out->y0, y);
			out->y1 = fmax(out->y1, y);
		}
	return 0;
}

int geojson_load(struct arena *a, const char *path, const char *code_prop,
                 const char *name_prop, struct geo_shapes *out)
{
	struct buf b = { 0 };
	int rc;

	if (buf_read_file(&b, path) != 0) {
		struct srcloc loc = { path, 0, 0 };
		int err = errno;

		memset(out, 0, sizeof *out);
		diag_error(&loc, EXIT_SYS, "cannot read file: %s", strerror(err));
		buf_free(&b);
		return -1;
	}
	rc = geojson_load_buf(a, arena_strdup(a, path), b.data ? b.data : "", b.len, code_prop,
	                      name_prop, out);
	buf_free(&b);
	return rc;
}
