/*
 * i18n: every word the program itself writes into a document, per language.
 * Used by the template stage (cross-references, number words, dates) and by
 * layout (captions, running heads, contents, page labels). Templates carry
 * their own prose; only the program's labels live here.
 *
 * Languages: "en" (English) and "es" (Mexican Spanish).
 */
#ifndef REPORTGEN_I18N_H
#define REPORTGEN_I18N_H

enum i18n_lang { LANG_EN, LANG_ES, LANG_COUNT };

enum i18n_key {
	I18N_TABLE,        /* "Table" / "Tabla" (caption and cross-reference) */
	I18N_FIGURE,       /* "Figure" / "Figura" */
	I18N_CONTENTS,     /* "Contents" / "Contenido" */
	I18N_CHAPTER,      /* "Chapter" / "Capítulo" */
	I18N_SECTION,      /* "Section" / "Sección" */
	I18N_APPENDIX,     /* "Appendix" / "Anexo" */
	I18N_PAGE,         /* "Page" / "Página" */
	I18N_SOURCE,       /* "Source" / "Fuente" (layout adds ": ") */
	I18N_NOTES,        /* "Notes" / "Notas" */
	I18N_NOTE,         /* "Note" / "Nota" */
	I18N_OUT_OF,       /* "out of" / "de": "22 out of 35" */
	I18N_MILLION,      /* "million" / "millón" (exactly one) */
	I18N_MILLIONS,     /* "million" / "millones" */
	I18N_DATE_OF,      /* "" / "de": "junio de 2018" */
	I18N_CONTINUED,    /* "(continued)" / "(continuación)": table broken over pages */
	I18N_REFERENCES,   /* "References" / "Referencias" */
	I18N_BEST_OF,      /* "best of" / "mejor de": rank chart legend "1 = best of 32" */
	I18N_SHOWN,        /* "shown" / "mostrados": rank chart of many rows, "12 out of 320 shown" */
	I18N_KEY_COUNT
};

/* Parse a language code ("en", "es"; "es-MX" is taken as "es"). Returns 0 and
 * sets *out, or -1 for an unknown code (no message). */
int i18n_lang_parse(const char *code, enum i18n_lang *out);
/* "en" / "es" (static string). */
const char *i18n_lang_code(enum i18n_lang lang);
/* The label in lang (static UTF-8 string, never NULL). */
const char *i18n_label(enum i18n_lang lang, enum i18n_key key);
/* Month name, month 1..12 (lowercase in Spanish); "" when out of range. */
const char *i18n_month(enum i18n_lang lang, int month);

#endif
