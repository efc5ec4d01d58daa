/*
 * Maps: the Lambert conformal conic projection on hand-worked points, the
 * classes of equal count on small series, the GeoJSON loader on good and bad
 * text (FILE:LINE:COL), a state code without an outline, the drawing of a
 * map chart on the edition's outlines, and Figure 2's map in both papers.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "doc/doc.h"
#include "layout/internal.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/geo/geo.h"
#include "model/regions/regions.h"

#include "helpers.h"

/* ---- projection ---- */

/* Snyder (1987), p. 296, the worked example of the ellipsoidal LCC: Clarke
 * 1866, standard parallels 33 and 45 N, origin 23 N 96 W; 35 N 75 W gives
 * x = 1,894,410.9 m, y = 1,564,649.5 m. */
Test(maps, lcc_snyder_worked_example)
{
	struct geo_lcc p;
	double x, y;

	cr_assert_eq(geo_lcc_init(&p, 33, 45, -96, 23, 6378206.4, 294.9786982), 0);
	geo_lcc_forward(&p, -75, 35, &x, &y);
	cr_assert_float_eq(x, 1894410.9, 0.5, "x = %.1f", x);
	cr_assert_float_eq(y, 1564649.5, 0.5, "y = %.1f", y);
}

/* A tangent cone on the unit sphere at 30 N: n = sin 30 = 1/2 and the radius
 * of the standard parallel is cot 30 = sqrt 3. 60 degrees east of the
 * central meridian on that parallel: theta = 30 degrees, x = sqrt3 / 2,
 * y = sqrt3 (1 - cos 30) = sqrt3 - 3/2. */
Test(maps, lcc_sphere_hand_worked)
{
	struct geo_lcc p;
	double x, y;

	cr_assert_eq(geo_lcc_init(&p, 30, 30, 0, 30, 1, 0), 0);
	cr_assert_float_eq(p.n, 0.5, 1e-12);
	cr_assert_float_eq(p.rho0, sqrt(3), 1e-12);
	geo_lcc_forward(&p, 0, 30, &x, &y);
	cr_assert_float_eq(x, 0, 1e-12);
	cr_assert_float_eq(y, 0, 1e-12);
	geo_lcc_forward(&p, 60, 30, &x, &y);
	cr_assert_float_eq(x, sqrt(3) / 2, 1e-12);
	cr_assert_float_eq(y, sqrt(3) - 1.5, 1e-12);
	geo_lcc_forward(&p, -60, 30, &x, &y);
	cr_assert_float_eq(x, -sqrt(3) / 2, 1e-12, "west of the meridian is negative x");
}

/* The edition's parameters (INEGI's LCC: 17.5 and 29.5 N, 102 W, origin
 * 12 N, GRS80): the origin maps to (0, 0), north is up, Mexico City lies
 * east of the central meridian and north of the origin. */
Test(maps, lcc_inegi_parameters)
{
	struct geo_lcc p;
	double x, y, x2, y2;

	cr_assert_eq(geo_lcc_init(&p, 17.5, 29.5, -102, 12, 6378137, 298.257222101), 0);
	geo_lcc_forward(&p, -102, 12, &x, &y);
	cr_assert_float_eq(x, 0, 1e-6);
	cr_assert_float_eq(y, 0, 1e-6);
	geo_lcc_forward(&p, -102, 13, &x2, &y2);
	cr_assert_float_eq(x2, 0, 1e-6);
	/* one degree of latitude is about 110.6 km at 12.5 N; scale near 1 there */
	cr_assert(y2 > 108000 && y2 < 113000, "y = %f", y2);
	geo_lcc_forward(&p, -99.13, 19.43, &x, &y);
	cr_assert(x > 250000 && x < 350000 && y > 780000 && y < 900000, "CDMX at %f, %f", x, y);
	cr_assert_eq(geo_lcc_init(&p, 20, -20, 0, 0, 1, 0), -1, "no cone: opposite parallels");
}

/* ---- classes ---- */

Test(maps, classes_of_equal_count)
{
	double v[] = { 5, 1, 4, 2, 3, NAN, 6 }, lo[9], hi[9];
	int cls[7];
	size_t cnt[9];
	int k = map_classes(v, 7, 3, cls, lo, hi, cnt);

	cr_assert_eq(k, 3);
	cr_assert_eq(cls[1], 0);
	cr_assert_eq(cls[3], 0);
	cr_assert_eq(cls[4], 1);
	cr_assert_eq(cls[2], 1);
	cr_assert_eq(cls[0], 2);
	cr_assert_eq(cls[6], 2);
	cr_assert_eq(cls[5], -1, "NaN has no class");
	cr_assert(lo[0] == 1 && hi[0] == 2 && lo[1] == 3 && hi[1] == 4 && lo[2] == 5 && hi[2] == 6);
	cr_assert(cnt[0] == 2 && cnt[1] == 2 && cnt[2] == 2);
}

Test(maps, classes_keep_ties_together)
{
	double v[] = { 1, 1, 1, 1, 2, 3 }, w[] = { 7, 7, 7 }, lo[9], hi[9];
	int cls[6];
	size_t cnt[9];

	cr_assert_eq(map_classes(v, 6, 2, cls, lo, hi, cnt), 2);
	cr_assert_eq(cnt[0], 4, "the four 1s share the first class");
	cr_assert(lo[1] == 2 && hi[1] == 3);
	cr_assert_eq(map_classes(w, 3, 3, cls, lo, hi, cnt), 1, "one value, one class");
	cr_assert_eq(map_classes(w, 3, 0, cls, lo, hi, cnt), 0);
}

Test(maps, palette_runs_light_to_dark)
{
	int k, j;

	for (k = 2; k <= 9; k++)
		for (j = 1; j < k; j++) {
			unsigned a = map_class_rgb(j - 1, k), b = map_class_rgb(j, k);
			double la = 0.299 * (a >> 16) + 0.587 * ((a >> 8) & 255) + 0.114 * (a & 255);
			double lb = 0.299 * (b >> 16) + 0.587 * ((b >> 8) & 255) + 0.114 * (b & 255);

			cr_assert_gt(la, lb, "class %d of %d is not darker than class %d", j, k, j - 1);
		}
}

/* ---- GeoJSON ---- */

#define SQUARE "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]"

Test(maps, geojson_good)
{
	static const char text[] =
		"{\"type\": \"FeatureCollection\", \"name\": \"x\",\n"
		" \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\n"
		" \"features\": [\n"
		"  {\"type\": \"Feature\", \"properties\": {\"cve\": \"01\", \"nom\": \"Un \\u00e1rea\"},\n"
		"   \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
		"[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}},\n"
		"  {\"type\": \"Feature\", \"properties\": {\"cve\": \"02\", \"nom\": \"B\"},\n"
		"   \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": [" SQUARE ", "
		"[[[10,-5.5e0],[11,-5],[11,-4],[10,-5.5]]]]}}\n"
		" ]}\n";
	struct arena *a = arena_new();
	struct geo_shapes s;

	th_capture();
	cr_assert_eq(geojson_load_buf(a, "t.geojson", text, sizeof text - 1, "cve", "nom", &s), 0,
	             "%s", th_captured());
	th_capture_end();
	cr_assert_eq(s.n, 2);
	cr_assert_str_eq(s.v[0].code, "01");
	cr_assert_str_eq(s.v[0].name, "Un \xC3\xA1rea");
	cr_assert_eq(s.v[0].nrings, 2, "outer ring and hole");
	cr_assert_eq(s.v[0].npts, 7, "closing positions dropped");
	cr_assert_eq(s.v[0].ring_end[0], 4);
	cr_assert_eq(s.v[0].loc.line, 4);
	cr_assert_eq(s.v[1].nrings, 2, "two polygons of one ring");
	cr_assert_float_eq(s.v[1].xy[2 * 4 + 1], -5.5, 1e-12);
	cr_assert(s.x0 == 0 && s.x1 == 11 && s.y0 == -5.5 && s.y1 == 4);
	arena_free(a);
}

static const struct {
	const char *text, *expected;
} bad_geojson[] = {
	{ "{\"type\": \"FeatureCollection\", \"features\": [,]}",
	  "b.geojson:1:44: error: not a JSON value" },
	{ "{\"type\": \"FeatureCollection\",\n \"features\": [], \"features\": []}",
	  "b.geojson:2:18: error: member 'features' appears twice" },
	{ "{\"type\": \"Topology\", \"features\": []}",
	  "b.geojson:1:10: error: the file must be a \"FeatureCollection\", not \"Topology\"" },
	{ "{\"type\": \"FeatureCollection\", \"features\": [\n"
	  "  {\"type\": \"Feature\", \"properties\": {\"cve\": 1},\n"
	  "   \"geometry\": {\"type\": \"Polygon\", \"coordinates\": " SQUARE "}}]}",
	  "b.geojson:2:45: error: 'cve' must be a string, not a number" },
	{ "{\"type\": \"FeatureCollection\", \"features\": [\n"
	  "  {\"type\": \"Feature\", \"properties\": {\"cve\": \"01\"},\n"
	  "   \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,0],[1,1],[0,1]]]}}]}",
	  "b.geojson:3:71: error: a ring must end at its first position" },
	{ "{\"type\": \"FeatureCollection\", \"features\": [\n"
	  "  {\"type\": \"Feature\", \"properties\": {\"cve\": \"01\"},\n"
	  "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [0, 0]}}]}",
	  "b.geojson:3:25: error: geometry must be a Polygon or a MultiPolygon, not \"Point\"" },
	{ "{\"type\": \"FeatureCollection\", \"features\": [\n"
	  "  {\"type\": \"Feature\", \"properties\": {\"cve\": \"01\"},\n"
	  "   \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,0],[1,95],[0,0]]]}}]}",
	  "b.geojson:3:68: error: latitude 95 is outside -90..90" },
	{ "{\"type\": \"FeatureCollection\", \"features\": [\n"
	  "  {\"type\": \"Feature\", \"properties\": {\"cve\": \"01\"}, \"geometry\": "
	  "{\"type\": \"Polygon\", \"coordinates\": " SQUARE "}},\n"
	  "  {\"type\": \"Feature\", \"properties\": {\"cve\": \"01\"}, \"geometry\": "
	  "{\"type\": \"Polygon\", \"coordinates\": " SQUARE "}}]}",
	  "b.geojson:3:3: error: a second feature with code '01' (the first is at line 2)" },
	{ "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": "
	  "{\"name\": \"urn:ogc:def:crs:EPSG::6372\"}}, \"features\": []}",
	  "b.geojson:1:78: error: coordinates must be longitude/latitude "
	  "(crs urn:ogc:def:crs:OGC:1.3:CRS84)" },
	{ "{\"type\": \"FeatureCollection\", \"features\": [] } x",
	  "b.geojson:1:48: error: text after the end of the JSON value" },
	{ "{\"type\": \"Feature\xC3\", \"features\": []}",
	  "b.geojson:1:18: error: invalid UTF-8" },
	{ "{\"type\": \"FeatureCollection\", \"features\": [1e999]}",
	  "b.geojson:1:44: error: number out of range: 1e999" },
	{ "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
	  "b.geojson:1:18: error: nested deeper than 16 levels" },
	{ "{\"type\": \"FeatureCollection\", \"features\": []}",
	  "b.geojson:1:43: error: no features" },
};

Test(maps, geojson_bad_files_name_line_and_column)
{
	size_t i;

	for (i = 0; i < sizeof bad_geojson / sizeof bad_geojson[0]; i++) {
		struct arena *a = arena_new();
		struct geo_shapes s;
		char *msg;

		th_capture();
		cr_assert_eq(geojson_load_buf(a, "b.geojson", bad_geojson[i].text,
		                              strlen(bad_geojson[i].text), "cve", NULL, &s), -1,
		             "case %zu loaded", i);
		cr_assert_eq(diag_status(), EXIT_DATA, "case %zu", i);
		msg = th_capture_take();
		if (getenv("MAPS_SHOW"))
			fprintf(stderr, "%zu: %s", i, msg);
		cr_assert(strstr(msg, bad_geojson[i].expected) != NULL,
		          "case %zu: expected\n  %s\ngot\n  %s", i, bad_geojson[i].expected, msg);
		free(msg);
		arena_free(a);
	}
}

/* ---- the edition's outlines ---- */

Test(maps, edition_outlines_and_a_state_without_one)
{
	struct arena *a = arena_new();
	struct geo_data g;
	struct regions_data d;
	char *msg;

	th_capture();
	cr_assert_eq(geo_load(a, "data/2018", &g), 0, "%s", th_captured());
	cr_assert_eq(regions_load(a, "data/2018", &d), 0, "%s", th_captured());
	cr_assert_eq(g.states.n, 32);
	cr_assert_eq(geo_check_states(&g, &d), 0, "%s", th_captured());
	/* Zacatecas (32) is the last feature: without it, its row of states.csv
	 * (line 33, inegi_code at character 11) is the error */
	cr_assert_str_eq(g.states.v[31].code, "32");
	g.states.n = 31;
	cr_assert_eq(geo_check_states(&g, &d), -1);
	msg = th_capture_take();
	cr_assert(strstr(msg, "data/2018/states.csv:33:11: error: state code '32' has no outline in "
	                      "data/2018/../raw/states/") != NULL, "%s", msg);
	free(msg);
	arena_free(a);
}

/* A choropleth of the 32 states in 5 classes: one path per state, a legend
 * of 5 swatches with their ranges; then a locator map: one highlighted
 * path. Every op inside the box. */
Test(maps, map_chart_geometry)
{
	struct arena *a = arena_new();
	struct geo_data g;
	struct geo_result r;
	struct doc_chart ch;
	struct draw_list out;
	struct draw_measure m = th_fake_measure();
	size_t i, paths = 0, swatches = 0, texts = 0, orange = 0, points = 0, raw = 0;
	double h;

	th_capture();
	cr_assert_eq(geo_load(a, "data/2018", &g), 0, "%s", th_captured());
	cr_assert_eq(geo_compute(a, &g, &r), 0);
	th_capture_end();
	memset(&ch, 0, sizeof ch);
	ch.kind = CHART_MAP;
	ch.n = r.states.n;
	ch.geo = &r.states;
	ch.classes = 5;
	ch.labels = arena_calloc(a, ch.n, sizeof *ch.labels);
	ch.y = arena_calloc(a, ch.n, sizeof *ch.y);
	ch.shapes = arena_calloc(a, ch.n, sizeof *ch.shapes);
	for (i = 0; i < ch.n; i++) {
		ch.labels[i] = r.states.v[i].name;
		ch.y[i] = (double)i;
		ch.shapes[i] = &r.states.v[i];
		raw += r.states.v[i].npts;
	}
	memset(&out, 0, sizeof out);
	h = chart_draw(a, &ch, 400, &m, "en", &out);
	cr_assert(h > 200 && h < 300, "a map of Mexico is about 0.6 times as high as wide: %f", h);
	for (i = 0; i < out.n; i++) {
		const struct draw_op *op = &out.ops[i];

		paths += op->kind == DRAW_PATH;
		swatches += op->kind == DRAW_FILL;
		texts += op->kind == DRAW_TEXT;
		if (op->kind == DRAW_PATH) {
			points += op->ring_end[op->nrings - 1];
			for (size_t k = 0; k < op->ring_end[op->nrings - 1]; k++) {
				cr_assert(op->x + op->pts[2 * k] >= -0.01 &&
				          op->x + op->pts[2 * k] <= 400.01);
				cr_assert(op->y + op->pts[2 * k + 1] >= -0.01 &&
				          op->y + op->pts[2 * k + 1] <= h + 0.01);
			}
		}
	}
	cr_assert_eq(paths, 32);
	cr_assert_eq(swatches, 5);
	cr_assert_eq(texts, 5, "five ranges, no title");
	cr_assert_lt(points, raw, "simplified: %zu of %zu points", points, raw);
	for (i = 0; i < out.n; i++)
		if (out.ops[i].kind == DRAW_TEXT) {
			cr_assert_str_eq(out.ops[i].text, "0.00 \xE2\x80\x93 5.00");
			break;
		}

	/* locator: no classes, item 13 (Jalisco) highlighted */
	ch.classes = 0;
	ch.highlight_set = true;
	ch.highlight = 13;
	ch.scale = 0.5;
	memset(&out, 0, sizeof out);
	h = chart_draw(a, &ch, 400, &m, "en", &out);
	for (i = 0, paths = 0; i < out.n; i++) {
		paths += out.ops[i].kind == DRAW_PATH;
		orange += out.ops[i].kind == DRAW_PATH && out.ops[i].rgb == 0xD8572A;
		cr_assert_neq(out.ops[i].kind, DRAW_FILL, "a locator has no legend");
		if (out.ops[i].kind == DRAW_PATH)
			cr_assert(out.ops[i].x >= 100 - 0.01, "centred at half width");
	}
	cr_assert_eq(paths, 32);
	cr_assert_eq(orange, 1);
	cr_assert(h > 100 && h < 150, "%f", h);
	arena_free(a);
}

/* Figure 2 of the 2018 paper, a map of the states, is in both papers. */
Test(maps, state_map_in_both_papers, .timeout = 120)
{
	char *dir = th_tmpdir(), *out = NULL;
	int st;

	cr_assert_not_null(dir);
	st = th_run(&out, "SOURCE_DATE_EPOCH=1527811200 '%s' --quiet --only paper --out '%s/out' "
	            "&& pdftotext -q '%s/out/whitepaper-en.pdf' - | grep -c "
	            "\"Researchers in every field per 100,000\" "
	            "&& pdftotext -q '%s/out/whitepaper-es.pdf' - | grep -c "
	            "\"Investigadores de todas las áreas por cada 100,000\"",
	            th_bin(), dir, dir, dir);
	cr_assert_eq(st, 0, "%s", out ? out : "");
	free(out);
}
