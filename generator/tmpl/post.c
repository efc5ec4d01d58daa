/*
 * tmpl/post.c: layer 4 of the template stage (parse.h): after the whole
 * document is read: number chapters, sections, appendices, tables and
 * figures; resolve cross-references ("Table 3", "Sección 4.2") and footnotes
 * (numbered in order of first call), and warn about a footnote that has no
 * text (its call stays a plain superscript in the PDF); last, the typographic
 * pass (typo.c). Calls src.c and typo.c.
 */
#include "parse.h"
#include "base/base.h"

#include <string.h>

struct counters {
	struct arena *a;
	int chapter, appendix, table, figure;
};

static void number_sections(struct counters *c, struct doc_node *n)
{
	struct doc_node *k;
	int sub = 0;

	for (k = n->first; k != NULL; k = k->next) {
		switch (k->kind) {
		case DOC_SECTION:
			if (k->level == 1) {
				if (k->flags & DOC_F_APPENDIX) {
					if (k->flags & DOC_F_NUMBERED)
						k->number = arena_printf(c->a, "A%d", ++c->appendix);
				} else if (k->flags & DOC_F_NUMBERED) {
					k->number = arena_printf(c->a, "%d", ++c->chapter);
				}
			} else if (k->flags & DOC_F_NUMBERED) {
				/* numbered only below a numbered parent */
				if (n->kind == DOC_SECTION && n->number != NULL)
					k->number = arena_printf(c->a, "%s.%d", n->number, ++sub);
				else
					k->flags &= ~(unsigned)DOC_F_NUMBERED;
			}
			break;
		case DOC_TABLE:
			k->number = arena_printf(c->a, "%d", ++c->table);
			break;
		case DOC_CHART:
			k->number = arena_printf(c->a, "%d", ++c->figure);
			break;
		default:
			break;
		}
		number_sections(c, k);
	}
}

static const char *xref_text(struct tmpl_bctx *b, const struct doc_node *n)
{
	enum i18n_lang lang = b->r->t->lang;
	enum i18n_key key;
	const char *num = n->number;

	switch (n->kind) {
	case DOC_TABLE: key = I18N_TABLE; break;
	case DOC_CHART: key = I18N_FIGURE; break;
	case DOC_SECTION:
		if (num == NULL)
			return doc_plain_text(b->a, n);   /* unnumbered: its title */
		if (n->level == 1 && (n->flags & DOC_F_APPENDIX)) {
			key = I18N_APPENDIX;
			num++;                            /* "A2" -> "Appendix 2" */
		} else {
			key = n->level == 1 ? I18N_CHAPTER : I18N_SECTION;
		}
		break;
	default:
		return "?";
	}
	return arena_printf(b->a, "%s %s", i18n_label(lang, key), num);
}

static void resolve_xrefs(struct tmpl_bctx *b)
{
	size_t i, j;

	for (i = 0; i < b->nxrefs; i++) {
		struct doc_run *r = &b->xrefs[i].node->runs[b->xrefs[i].run];
		const struct tmpl_label *hit = NULL;

		for (j = 0; j < b->nlabels; j++)
			if (strcmp(b->labels[j].label, r->target) == 0)
				hit = &b->labels[j];
		if (hit == NULL) {
			const char **names = arena_calloc(b->a, b->nlabels + 1, sizeof *names);

			for (j = 0; j < b->nlabels; j++)
				names[j] = b->labels[j].label;
			tmpl_err(b->xrefs[i].pos, "cross-reference to unknown label '%s'%s", r->target,
			     tmpl_meant(b->a, tmpl_suggest(r->target, names, b->nlabels)));
			b->errors++;
			continue;
		}
		r->text = xref_text(b, hit->node);
	}
}

static void resolve_notes(struct tmpl_bctx *b)
{
	size_t i, j, cap = 16;
	struct doc *d = b->doc;

	d->notes = arena_calloc(b->a, cap, sizeof *d->notes);
	for (i = 0; i < b->ncalls; i++) {
		struct tmpl_note_call *c = &b->calls[i];
		struct tmpl_note_def *def = NULL;
		struct doc_run *r = &c->node->runs[c->run];

		for (j = 0; j < b->ndefs; j++)
			if (b->defs[j].src == c->src && strcmp(b->defs[j].id, c->id) == 0)
				def = &b->defs[j];
		if (def == NULL) {
			tmpl_err(c->pos, "footnote '[^%s]' is never defined in %s", c->id,
			     c->src ? c->src->name : "this file");
			b->errors++;
			continue;
		}
		if (!def->used) {
			def->used = true;
			if (d->nnotes == cap) {
				d->notes = arena_grow(b->a, d->notes, d->nnotes, cap * 2, sizeof *d->notes);
				cap *= 2;
			}
			d->notes[d->nnotes++] = def->note;
			def->note->note_number = (int)d->nnotes;
			def->note->number = arena_printf(b->a, "%zu", d->nnotes);
		}
		r->note = def->note;
		r->text = def->note->number;
	}
	for (j = 0; j < b->ndefs; j++)
		if (!b->defs[j].used)
			tmpl_warn(b->defs[j].pos, "footnote '[^%s]' is defined but never used", b->defs[j].id);
}

static bool has_text(const char *s)
{
	for (; s != NULL && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

/* A note whose paragraphs have no visible text: layout sets no lines for it. */
static bool note_is_empty(const struct doc_node *note)
{
	const struct doc_node *p;
	size_t i;

	for (p = note->first; p != NULL; p = p->next)
		for (i = 0; p->kind == DOC_PARA && i < p->nruns; i++)
			if (p->runs[i].kind != RUN_BREAK && has_text(p->runs[i].text))
				return false;
	return true;
}

/* Only for a document that is going to be laid out: a rendering with errors
 * makes none. */
static void check_notes(struct tmpl_bctx *b)
{
	size_t i;

	if (b->errors > 0 || diag_errors() > b->diag_before)
		return;
	for (i = 0; i < b->doc->nnotes; i++) {
		const struct doc_node *n = b->doc->notes[i];

		if (note_is_empty(n))
			diag_warn(&n->loc, "footnote %d has no text",
			          n->note_number > 0 ? n->note_number : (int)i + 1);
	}
}

int tmpl_post_resolve(struct tmpl_bctx *b)
{
	struct counters c = { 0 };
	int before = b->errors;

	c.a = b->a;
	number_sections(&c, b->doc->root);
	resolve_xrefs(b);
	resolve_notes(b);
	check_notes(b);
	tmpl_typo_doc(b->a, b->doc);
	return b->errors > before ? -1 : 0;
}
