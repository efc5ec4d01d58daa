/*
 * hyph: libhyphen wrapper. libhyphen reports points per character; the layout
 * stage works on bytes, so points are mapped back to byte offsets here.
 *
 * Compiled dictionaries: libhyphen builds its pattern automaton from the
 * .dic text at every load (about 25 ms for en_US's 106 KB). The automaton it
 * builds is written once into a cache file keyed by a hash of the .dic's
 * bytes (hyph-<hash>.bin in $REPORTGEN_CACHE, else $XDG_CACHE_HOME/reportgen
 * or ~/.cache/reportgen; REPORTGEN_CACHE= set empty turns the cache off), in
 * a flat form with offsets instead of pointers. Later loads map that file
 * read-only and only point libhyphen's own structs (HyphenDict, HyphenState)
 * into it: the strings and transition tables are used in place, nothing is
 * parsed, and hyphenation is still libhyphen's hnj_hyphen_hyphenate3 on the
 * same automaton, so the points are the same. A cache that cannot be written
 * or read (or fails its checks) falls back to libhyphen's own load, silently:
 * it only costs time.
 */
#define _DEFAULT_SOURCE   /* mmap flags, mkdir */
#include "layout/layout.h"
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <hyphen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { HYPH_MAXWORD = 64 };   /* longer "words" (URLs, codes) are not hyphenated */
enum { HYPH_MEMO_POINTS = 32 };

/* A word's points, remembered for the rest of the run: documents of one run
 * share most of their words (the same templates, state after state). */
struct hyph_memo {
	char *w;                   /* NULL = empty slot; malloc'd copy */
	size_t len;
	unsigned char n;
	unsigned char at[HYPH_MEMO_POINTS];   /* byte offsets (words <= 255 bytes) */
};

struct hyph_lang {
	const char *code;     /* "en", "es" */
	const char *file;     /* dictionary file name */
	int lhmin, rhmin;     /* shortest first / last fragment, characters */
	HyphenDict *dict;
	int tried;            /* a load was attempted (do not retry or re-warn) */
	void *map;            /* the mapped compiled form (dict points into it), or NULL */
	size_t maplen;
	struct hyph_memo *memo;   /* open addressing, cap a power of two */
	size_t cap, used;
};

struct hyph {
	char dir[512];
	char cache[512];      /* folder of the compiled dictionaries; "" = none */
	struct hyph_lang langs[2];
};

/* ---- the compiled form ---- */

enum { HYC_VERSION = 1, HYC_MAX_LEVELS = 4 };

/* Offsets are from the start of the file; 0 stands for NULL. */
struct hyc_level {
	char lhmin, rhmin, clhmin, crhmin;
	int32_t nohyphenl, num_states, utf8;
	char cset[MAX_NAME];
	uint32_t nohyphen;    /* offset of the string, 0 = none */
	uint32_t states;      /* offset of struct hyc_state[num_states] */
};

struct hyc_header {
	char magic[8];        /* "RGHYPHC" */
	uint32_t version, ptrsize, trans_size, nlevels;
	uint64_t dict_hash;   /* FNV-1a of the .dic's bytes */
	uint64_t size;        /* of the whole file */
	struct hyc_level level[HYC_MAX_LEVELS];
};

struct hyc_state {
	uint32_t match, repl;          /* string offsets, 0 = NULL */
	int32_t fallback_state, num_trans;
	uint32_t trans;                /* offset of HyphenTrans[num_trans], as libhyphen lays it out */
	signed char replindex, replcut;
	char pad[2];
};

static uint64_t fnv64(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

/* Append n bytes (aligned to 8) and return their offset. */
static uint32_t hyc_put(struct buf *b, const void *p, size_t n)
{
	static const char zero[8];
	uint32_t at;

	if (b->len % 8)
		buf_add(b, zero, 8 - b->len % 8);
	at = (uint32_t)b->len;
	buf_add(b, p, n);
	return at;
}

static uint32_t hyc_str(struct buf *b, const char *s)
{
	return s ? hyc_put(b, s, strlen(s) + 1) : 0;
}

/* libhyphen keeps NOHYPHEN as nohyphenl + 1 strings, one after the other. */
static size_t nohyphen_len(const HyphenDict *d)
{
	size_t n = 0;
	int i;

	for (i = 0; d->nohyphen != NULL && i <= d->nohyphenl; i++)
		n += strlen(d->nohyphen + n) + 1;
	return n;
}

static void hyc_level_put(struct buf *b, const HyphenDict *d, struct hyc_level *lv)
{
	struct hyc_state *st = xmalloc((size_t)d->num_states * sizeof *st + 1);
	int i, k;

	memset(st, 0, (size_t)d->num_states * sizeof *st + 1);
	for (i = 0; i < d->num_states; i++) {
		const HyphenState *s = &d->states[i];
		HyphenTrans *tr = xmalloc((size_t)s->num_trans * sizeof *tr + 1);

		memset(tr, 0, (size_t)s->num_trans * sizeof *tr + 1);   /* no stray padding */
		for (k = 0; k < s->num_trans; k++) {
			tr[k].ch = s->trans[k].ch;
			tr[k].new_state = s->trans[k].new_state;
		}
		st[i].match = hyc_str(b, s->match);
		st[i].repl = hyc_str(b, s->repl);
		if (s->repl != NULL) {   /* libhyphen sets (and reads) these only with a repl */
			st[i].replindex = s->replindex;
			st[i].replcut = s->replcut;
		}
		st[i].fallback_state = s->fallback_state;
		st[i].num_trans = s->num_trans;
		st[i].trans = s->num_trans ? hyc_put(b, tr, (size_t)s->num_trans * sizeof *tr) : 0;
		free(tr);
	}
	lv->lhmin = d->lhmin;
	lv->rhmin = d->rhmin;
	lv->clhmin = d->clhmin;
	lv->crhmin = d->crhmin;
	lv->nohyphenl = d->nohyphenl;
	lv->num_states = d->num_states;
	lv->utf8 = d->utf8;
	memcpy(lv->cset, d->cset, sizeof lv->cset);
	lv->nohyphen = d->nohyphen ? hyc_put(b, d->nohyphen, nohyphen_len(d)) : 0;
	lv->states = hyc_put(b, st, (size_t)d->num_states * sizeof *st);
	free(st);
}

/* The compiled form of d (every level), for the .dic whose hash is hash. */
static void hyc_write(const HyphenDict *d, uint64_t hash, const char *path)
{
	struct hyc_header hd;
	struct buf b = { 0 };
	char tmp[700];
	int fd, ok;

	memset(&hd, 0, sizeof hd);
	buf_add(&b, &hd, sizeof hd);   /* filled in at the end */
	for (; d != NULL && hd.nlevels < HYC_MAX_LEVELS; d = d->nextlevel)
		hyc_level_put(&b, d, &hd.level[hd.nlevels++]);
	if (d != NULL) {
		buf_free(&b);
		return;   /* deeper than the format holds: libhyphen's load it stays */
	}
	memcpy(hd.magic, "RGHYPHC", 8);
	hd.version = HYC_VERSION;
	hd.ptrsize = sizeof(void *);
	hd.trans_size = sizeof(HyphenTrans);
	hd.dict_hash = hash;
	hd.size = b.len;
	memcpy(b.data, &hd, sizeof hd);
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
		buf_free(&b);
		return;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ok = fd >= 0 && write(fd, b.data, b.len) == (ssize_t)b.len;
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0)
		unlink(tmp);
	buf_free(&b);
}

static int hyc_in(const struct hyc_header *hd, uint64_t off, uint64_t len)
{
	return off >= sizeof *hd && off <= hd->size && len <= hd->size - off;
}

static int hyc_str_ok(const char *base, const struct hyc_header *hd, uint32_t off)
{
	return off == 0 || (hyc_in(hd, off, 1) && memchr(base + off, '\0', hd->size - off) != NULL);
}

/* Point libhyphen's structs for level lv into the mapping; checks every
 * offset first (a damaged cache file is not trusted). Returns 0 or -1. */
static int hyc_level_get(const char *base, const struct hyc_header *hd,
                         const struct hyc_level *lv, HyphenDict *d)
{
	const struct hyc_state *st = (const struct hyc_state *)(const void *)(base + lv->states);
	int i;

	uint32_t nh = lv->nohyphen;

	if (lv->num_states <= 0 || !hyc_in(hd, lv->states, (uint64_t)lv->num_states * sizeof *st) ||
	    lv->nohyphenl < 0)
		return -1;
	for (i = 0; nh != 0 && i <= lv->nohyphenl; i++) {   /* its nohyphenl + 1 strings */
		if (!hyc_str_ok(base, hd, nh))
			return -1;
		nh += (uint32_t)strlen(base + nh) + 1;
	}
	d->states = xmalloc((size_t)lv->num_states * sizeof *d->states);
	for (i = 0; i < lv->num_states; i++) {
		HyphenState *s = &d->states[i];

		if (!hyc_str_ok(base, hd, st[i].match) || !hyc_str_ok(base, hd, st[i].repl) ||
		    st[i].num_trans < 0 ||
		    (st[i].num_trans > 0 &&
		     !hyc_in(hd, st[i].trans, (uint64_t)st[i].num_trans * sizeof(HyphenTrans))) ||
		    st[i].fallback_state < -1 || st[i].fallback_state >= lv->num_states)
			return -1;
		s->match = st[i].match ? (char *)(uintptr_t)(base + st[i].match) : NULL;
		s->repl = st[i].repl ? (char *)(uintptr_t)(base + st[i].repl) : NULL;
		s->replindex = st[i].replindex;
		s->replcut = st[i].replcut;
		s->fallback_state = st[i].fallback_state;
		s->num_trans = st[i].num_trans;
		s->trans = st[i].num_trans ? (HyphenTrans *)(uintptr_t)(base + st[i].trans) : NULL;
	}
	d->lhmin = lv->lhmin;
	d->rhmin = lv->rhmin;
	d->clhmin = lv->clhmin;
	d->crhmin = lv->crhmin;
	d->nohyphen = lv->nohyphen ? (char *)(uintptr_t)(base + lv->nohyphen) : NULL;
	d->nohyphenl = lv->nohyphenl;
	d->num_states = lv->num_states;
	memcpy(d->cset, lv->cset, sizeof d->cset);
	d->utf8 = lv->utf8;
	return 0;
}

/* The transitions' targets must be states of their level too. */
static int hyc_trans_ok(const HyphenDict *d)
{
	int i, k;

	for (i = 0; i < d->num_states; i++)
		for (k = 0; k < d->states[i].num_trans; k++)
			if (d->states[i].trans[k].new_state < 0 ||
			    d->states[i].trans[k].new_state >= d->num_states)
				return -1;
	return 0;
}

static void hyc_free_dicts(HyphenDict *d, unsigned n)
{
	unsigned i;

	for (i = 0; d != NULL && i < n; i++)
		free(d[i].states);
	free(d);
}

/* Map the compiled dictionary at path for the .dic of hash hash: the
 * levels' structs in one block (l->dict), the mapping in l->map. Returns 0
 * or -1 (not there, or not a file this build wrote for that .dic). */
static int hyc_load(struct hyph_lang *l, const char *path, uint64_t hash)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	const struct hyc_header *hd;
	HyphenDict *d;
	void *map;
	unsigned i;

	if (fd < 0)
		return -1;
	map = fstat(fd, &sb) == 0 && (size_t)sb.st_size >= sizeof *hd
	      ? mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	hd = map;
	if (memcmp(hd->magic, "RGHYPHC", 8) != 0 || hd->version != HYC_VERSION ||
	    hd->ptrsize != sizeof(void *) || hd->trans_size != sizeof(HyphenTrans) ||
	    hd->dict_hash != hash || hd->size != (uint64_t)sb.st_size || hd->nlevels == 0 ||
	    hd->nlevels > HYC_MAX_LEVELS) {
		munmap(map, (size_t)sb.st_size);
		return -1;
	}
	d = xmalloc(hd->nlevels * sizeof *d);
	memset(d, 0, hd->nlevels * sizeof *d);
	for (i = 0; i < hd->nlevels; i++) {
		if (hyc_level_get(map, hd, &hd->level[i], &d[i]) != 0 || hyc_trans_ok(&d[i]) != 0) {
			hyc_free_dicts(d, hd->nlevels);
			munmap(map, (size_t)sb.st_size);
			return -1;
		}
		d[i].nextlevel = i + 1 < hd->nlevels ? &d[i + 1] : NULL;
	}
	l->dict = d;
	l->map = map;
	l->maplen = (size_t)sb.st_size;
	return 0;
}

/* The .dic's hash, or 0 when it cannot be read. */
static uint64_t dic_hash(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	void *p;
	uint64_t h = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && sb.st_size > 0) {
		p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			h = fnv64(p, (size_t)sb.st_size) | 1;   /* never 0 */
			munmap(p, (size_t)sb.st_size);
		}
	}
	close(fd);
	return h;
}

static void cache_dir_default(char *out, size_t cap)
{
	const char *env = getenv("REPORTGEN_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	out[0] = '\0';
	if (env != NULL)
		snprintf(out, cap, "%s", env);
	else if (xdg != NULL && xdg[0] == '/')
		snprintf(out, cap, "%s/reportgen", xdg);
	else if (home != NULL && home[0] == '/')
		snprintf(out, cap, "%s/.cache/reportgen", home);
}

/* mkdir -p for the cache folder (errors are left to the open that follows). */
static void mkdirs(const char *dir)
{
	char p[512];
	size_t i;

	snprintf(p, sizeof p, "%s", dir);
	for (i = 1; p[i]; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		mkdir(p, 0755);
		p[i] = '/';
	}
	mkdir(p, 0755);
}

/* Load the dictionary at path into l: the compiled form from the cache,
 * made first when it is not there; libhyphen's own load when there is no
 * cache. */
static void dict_load(struct hyph *h, struct hyph_lang *l, const char *path)
{
	uint64_t hash = h->cache[0] ? dic_hash(path) : 0;
	char bin[700];
	HyphenDict *parsed;

	if (hash != 0) {
		if (snprintf(bin, sizeof bin, "%s/hyph-%016llx.bin", h->cache,
		             (unsigned long long)hash) >= (int)sizeof bin)
			hash = 0;
		else if (hyc_load(l, bin, hash) == 0)
			return;
	}
	parsed = hnj_hyphen_load(path);
	if (parsed == NULL || hash == 0) {
		l->dict = parsed;
		return;
	}
	mkdirs(h->cache);
	hyc_write(parsed, hash, bin);
	if (hyc_load(l, bin, hash) == 0) {
		hnj_hyphen_free(parsed);   /* every run, the first too, uses the compiled form */
		return;
	}
	l->dict = parsed;
}


struct hyph *hyph_new(const char *dir)
{
	struct hyph *h = xmalloc(sizeof *h);

	memset(h, 0, sizeof *h);
	snprintf(h->dir, sizeof h->dir, "%s", dir ? dir : "/usr/share/hyphen");
	cache_dir_default(h->cache, sizeof h->cache);
	h->langs[0] = (struct hyph_lang){ .code = "en", .file = "hyph_en_US.dic", .lhmin = 2,
	                                  .rhmin = 3 };
	h->langs[1] = (struct hyph_lang){ .code = "es", .file = "hyph_es_MX.dic", .lhmin = 2,
	                                  .rhmin = 2 };
	return h;
}

void hyph_free(struct hyph *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < sizeof h->langs / sizeof h->langs[0]; i++) {
		struct hyph_lang *l = &h->langs[i];
		size_t k;

		if (l->map) {
			hyc_free_dicts(l->dict, ((const struct hyc_header *)l->map)->nlevels);
			munmap(l->map, l->maplen);
		} else if (l->dict) {
			hnj_hyphen_free(l->dict);
		}
		for (k = 0; k < l->cap; k++)
			free(l->memo[k].w);
		free(l->memo);
	}
	free(h);
}

static struct hyph_lang *lang_get(struct hyph *h, const char *lang)
{
	size_t i;

	if (lang == NULL)
		return NULL;
	for (i = 0; i < sizeof h->langs / sizeof h->langs[0]; i++) {
		struct hyph_lang *l = &h->langs[i];
		char path[700];

		if (strncmp(lang, l->code, 2) != 0)
			continue;
		if (!l->tried) {
			l->tried = 1;
			snprintf(path, sizeof path, "%s/%s", h->dir, l->file);
			dict_load(h, l, path);
			if (l->dict == NULL)
				diag_warn(NULL, "%s: cannot load hyphenation dictionary; "
				          "text in '%s' is not hyphenated", path, l->code);
		}
		return l->dict ? l : NULL;
	}
	return NULL;
}

int hyph_compiled(struct hyph *h, const char *lang)
{
	struct hyph_lang *l = lang_get(h, lang);

	return l != NULL && l->map != NULL;
}

int hyph_marks(struct hyph *h, const char *lang, const char *low, size_t len, char *marks)
{
	struct hyph_lang *l = lang_get(h, lang);
	char **rep = NULL;
	int *pos = NULL, *cut = NULL, rc;
	size_t i;

	if (l == NULL)
		return -1;
	rc = hnj_hyphen_hyphenate3(l->dict, low, (int)len, marks, NULL, &rep, &pos, &cut,
	                           l->lhmin, l->rhmin, 1, 1);
	if (rep) {
		for (i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return rc;
}

static int is_letter_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static struct hyph_memo *memo_slot(struct hyph_memo *v, size_t cap, const char *w,
                                   size_t len)
{
	size_t hash = 2166136261u, i;

	for (i = 0; i < len; i++)
		hash = (hash ^ (unsigned char)w[i]) * 16777619u;
	for (i = hash & (cap - 1); v[i].w && (v[i].len != len || memcmp(v[i].w, w, len) != 0);
	     i = (i + 1) & (cap - 1))
		;
	return &v[i];
}

/* Remember the points of w; the table doubles at half load. */
static void memo_put(struct hyph_lang *l, const char *w, size_t len, const size_t *at, size_t n)
{
	struct hyph_memo *e;
	size_t i;

	if (2 * (l->used + 1) > l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 1024;
		struct hyph_memo *v = xmalloc(cap * sizeof *v);

		memset(v, 0, cap * sizeof *v);
		for (i = 0; i < l->cap; i++)
			if (l->memo[i].w)
				*memo_slot(v, cap, l->memo[i].w, l->memo[i].len) = l->memo[i];
		free(l->memo);
		l->memo = v;
		l->cap = cap;
	}
	e = memo_slot(l->memo, l->cap, w, len);
	e->w = xmalloc(len);
	memcpy(e->w, w, len);
	e->len = len;
	e->n = (unsigned char)n;
	for (i = 0; i < n; i++)
		e->at[i] = (unsigned char)at[i];
	l->used++;
}

static size_t hyph_compute(struct hyph_lang *l, const char *w, size_t len, size_t *at,
                           size_t max);

void hyph_preload(struct hyph *h, const char *lang)
{
	(void)lang_get(h, lang);
}

size_t hyph_word(struct hyph *h, const char *lang, const char *w, size_t len,
                 size_t *at, size_t max)
{
	struct hyph_lang *l = lang_get(h, lang);
	size_t pts[HYPH_MEMO_POINTS], n, i;

	if (l == NULL || max == 0)
		return 0;
	if (len > 255)
		return hyph_compute(l, w, len, at, max);
	if (l->cap) {
		const struct hyph_memo *e = memo_slot(l->memo, l->cap, w, len);

		if (e->w) {
			for (i = 0; i < e->n && i < max; i++)
				at[i] = e->at[i];
			return i;
		}
	}
	n = hyph_compute(l, w, len, pts, HYPH_MEMO_POINTS);
	memo_put(l, w, len, pts, n);
	for (i = 0; i < n && i < max; i++)
		at[i] = pts[i];
	return i;
}

/* The points of w from the dictionary of l (loaded). */
static size_t hyph_compute(struct hyph_lang *l, const char *w, size_t len, size_t *at,
                           size_t max)
{
	char low[HYPH_MAXWORD * 4 + 1];
	char marks[HYPH_MAXWORD * 4 + 5];
	size_t charpos[HYPH_MAXWORD * 4 + 1];   /* byte offset in w of each character */
	size_t b, e, i, nchars = 0, n = 0;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;

	/* Core of the word: skip punctuation at both ends. */
	for (b = 0; b < len && !is_letter_byte((unsigned char)w[b]); b++)
		;
	for (e = len; e > b && !is_letter_byte((unsigned char)w[e - 1]); e--)
		;
	if (e - b < 4 || e - b > HYPH_MAXWORD * 2)
		return 0;
	for (i = b; i < e; i++) {
		unsigned char c = (unsigned char)w[i];

		if (!is_letter_byte(c))
			return 0;
		/* Curly quotes, dashes and the like (E2 ...) are not letters. */
		if (c == 0xE2)
			return 0;
		if (!utf8_is_cont(c))
			charpos[nchars++] = i;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (i > b && (unsigned char)w[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
			c = (unsigned char)(c + 32);   /* Latin-1 capitals, e.g. É -> é */
		low[i - b] = (char)c;
	}
	low[e - b] = '\0';
	if (hnj_hyphen_hyphenate3(l->dict, low, (int)(e - b), marks, NULL, &rep, &pos, &cut,
	                          l->lhmin, l->rhmin, 1, 1) == 0) {
		/* marks[k] odd: a break after character k. */
		for (i = 0; i + 1 < nchars && n < max; i++)
			if (marks[i] & 1)
				at[n++] = charpos[i + 1];
	}
	if (rep) {
		for (i = 0; i < e - b; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return n;
}
