/*
 * run/prep.c: the helper threads that load the fonts and the hyphenation
 * dictionaries while the main thread reads the data, computes the figures
 * and compiles the templates: they take about as long, and a run has two
 * cores. Messages are held (diag_hold) and passed on only if the run goes
 * on to make a PDF, so a run that makes none says nothing about fonts, as
 * before. build.c waits for them before the first layout (or before the
 * worker processes are forked).
 */
#include "run/internal.h"

#include "base/base.h"
#include "layout/layout.h"
#include "pdf/pdf.h"

#include <pthread.h>
#include <string.h>

/* The two jobs run on threads of their own: on two cores, with the main
 * thread reading the data, the dictionaries (the longer job) are ready
 * soonest that way. */
static void *prep_fonts(void *arg)
{
	struct run_prep *p = arg;

	diag_hold(&p->held[0]);
	p->fonts = pdf_fonts_load(p->o->fonts);
	diag_hold_end();
	return NULL;
}

static void *prep_hyph(void *arg)
{
	struct run_prep *p = arg;

	diag_hold(&p->held[1]);
	p->hyph = hyph_new(NULL);
	if (p->o->langs & RUN_EN)
		hyph_preload(p->hyph, "en");
	if (p->o->langs & RUN_ES)
		hyph_preload(p->hyph, "es");
	diag_hold_end();
	return NULL;
}

static void *(*const prep_job[2])(void *) = { prep_fonts, prep_hyph };

void run_prep_start(struct run_prep *p, const struct run_opts *o)
{
	int k;

	memset(p, 0, sizeof *p);
	p->o = o;
	if (!(o->docs & (RUN_PAPER | RUN_BRIEFS)))
		return;
	for (k = 0; k < 2; k++)
		p->started[k] = pthread_create(&p->thread[k], NULL, prep_job[k], p) == 0;
}

/* Wait for the helpers (or do their work now if one could not start); use =
 * 1 passes their messages on and keeps the results in e. Returns 0, or -1
 * when the fonts could not be loaded. */
int run_prep_finish(struct run_prep *p, struct run_engine *e, int use)
{
	int k;

	for (k = 0; k < 2; k++) {
		if (p->started[k]) {
			pthread_join(p->thread[k], NULL);
			p->started[k] = 0;
			p->done[k] = 1;
		} else if (use && !p->done[k]) {
			prep_job[k](p);
			p->done[k] = 1;
		}
	}
	if (!use) {
		for (k = 0; k < 2; k++)
			diag_discard(&p->held[k]);
		pdf_fonts_free(p->fonts);
		hyph_free(p->hyph);
		p->fonts = NULL;
		p->hyph = NULL;
		return 0;
	}
	for (k = 0; k < 2; k++)
		diag_release(&p->held[k]);
	e->fonts = p->fonts;
	e->hyph = p->hyph;
	p->fonts = NULL;
	p->hyph = NULL;
	if (e->fonts == NULL) {
		hyph_free(e->hyph);
		e->hyph = NULL;
		return -1;
	}
	return 0;
}
