/*
 * i18n: the per-language label table.
 */
#include "base/base.h"

#include <string.h>

static const char *const labels[LANG_COUNT][I18N_KEY_COUNT] = {
	[LANG_EN] = {
		[I18N_TABLE] = "Table",
		[I18N_FIGURE] = "Figure",
		[I18N_CONTENTS] = "Contents",
		[I18N_CHAPTER] = "Chapter",
		[I18N_SECTION] = "Section",
		[I18N_APPENDIX] = "Appendix",
		[I18N_PAGE] = "Page",
		[I18N_SOURCE] = "Source",
		[I18N_NOTES] = "Notes",
		[I18N_NOTE] = "Note",
		[I18N_OUT_OF] = "out of",
		[I18N_MILLION] = "million",
		[I18N_MILLIONS] = "million",
		[I18N_DATE_OF] = "",
		[I18N_CONTINUED] = "(continued)",
		[I18N_REFERENCES] = "References",
		[I18N_BEST_OF] = "best of",
		[I18N_SHOWN] = "shown",
		[I18N_NO_DATA] = "No data",
		[I18N_ALT_BAR] = "Bar chart",
		[I18N_ALT_SCATTER] = "Scatter chart",
		[I18N_ALT_DOTRANK] = "Rank chart",
		[I18N_ALT_ITEMS] = "items",
		[I18N_ALT_HIGHEST] = "highest",
		[I18N_ALT_LOWEST] = "lowest",
		[I18N_ALT_BEST] = "best",
		[I18N_ALT_LAST] = "last",
		[I18N_ALT_MARKED] = "highlighted",
		[I18N_ALT_AGAINST] = "against",
		[I18N_ALT_RANKED] = "ranked out of",
		[I18N_ALT_CORR] = "correlation",
	},
	[LANG_ES] = {
		[I18N_TABLE] = "Tabla",
		[I18N_FIGURE] = "Figura",
		[I18N_CONTENTS] = "Contenido",
		[I18N_CHAPTER] = "Capítulo",
		[I18N_SECTION] = "Sección",
		[I18N_APPENDIX] = "Anexo",
		[I18N_PAGE] = "Página",
		[I18N_SOURCE] = "Fuente",
		[I18N_NOTES] = "Notas",
		[I18N_NOTE] = "Nota",
		[I18N_OUT_OF] = "de",
		[I18N_MILLION] = "millón",
		[I18N_MILLIONS] = "millones",
		[I18N_DATE_OF] = "de",
		[I18N_CONTINUED] = "(continuación)",
		[I18N_REFERENCES] = "Referencias",
		[I18N_BEST_OF] = "mejor de",
		[I18N_SHOWN] = "mostrados",
		[I18N_NO_DATA] = "Sin datos",
		[I18N_ALT_BAR] = "Gráfica de barras",
		[I18N_ALT_SCATTER] = "Gráfica de dispersión",
		[I18N_ALT_DOTRANK] = "Gráfica de posiciones",
		[I18N_ALT_ITEMS] = "elementos",
		[I18N_ALT_HIGHEST] = "el más alto",
		[I18N_ALT_LOWEST] = "el más bajo",
		[I18N_ALT_BEST] = "el mejor",
		[I18N_ALT_LAST] = "el último",
		[I18N_ALT_MARKED] = "destacado",
		[I18N_ALT_AGAINST] = "frente a",
		[I18N_ALT_RANKED] = "en posiciones de 1 a",
		[I18N_ALT_CORR] = "correlación",
	},
};

static const char *const months[LANG_COUNT][12] = {
	[LANG_EN] = { "January", "February", "March", "April", "May", "June", "July",
	              "August", "September", "October", "November", "December" },
	[LANG_ES] = { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	              "agosto", "septiembre", "octubre", "noviembre", "diciembre" },
};

int i18n_lang_parse(const char *code, enum i18n_lang *out)
{
	if (code == NULL)
		return -1;
	if (strncmp(code, "en", 2) == 0 && (code[2] == '\0' || code[2] == '-' || code[2] == '_')) {
		*out = LANG_EN;
		return 0;
	}
	if (strncmp(code, "es", 2) == 0 && (code[2] == '\0' || code[2] == '-' || code[2] == '_')) {
		*out = LANG_ES;
		return 0;
	}
	return -1;
}

const char *i18n_lang_code(enum i18n_lang lang)
{
	return lang == LANG_ES ? "es" : "en";
}

const char *i18n_label(enum i18n_lang lang, enum i18n_key key)
{
	const char *s;

	if ((unsigned)lang >= LANG_COUNT || (unsigned)key >= I18N_KEY_COUNT)
		return "";
	s = labels[lang][key];
	return s ? s : "";
}

const char *i18n_month(enum i18n_lang lang, int month)
{
	if ((unsigned)lang >= LANG_COUNT || month < 1 || month > 12)
		return "";
	return months[lang][month - 1];
}
