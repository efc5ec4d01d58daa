/*
 * geo: the outlines of Mexico's states for maps, and their projection.
 * Pipeline position: load (geo_load in load.c: geometry.csv, then the GeoJSON
 * it names, through load/geojson.c; geo_check_states checks them against the
 * regions' states.csv) -> model (geo_compute in model.c, pure: the outlines
 * projected to the plane) -> figures (geo_figures in figures.c: the projected
 * outlines and the projection's parameters for captions).
 *
 * Edition file:
 *   geometry.csv   name, file, code_property, name_property, projection,
 *                  lat_1, lat_2, lon_0, lat_0, semi_major, inv_flattening,
 *                  source_name, provenance, source
 *   One row per set of outlines (today: "states"); file is relative to the
 *   edition folder. projection is "lcc": Lambert conformal conic on the
 *   ellipsoid (Snyder, Map Projections: A Working Manual, 1987, eqs. 15-1 to
 *   15-10) with standard parallels lat_1, lat_2, central meridian lon_0 and
 *   latitude of origin lat_0 (degrees), ellipsoid semi_major (metres) and
 *   inverse flattening.
 */
#ifndef REPORTGEN_GEO_H
#define REPORTGEN_GEO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"
#include "load/load.h"

struct arena;
struct figset;
struct regions_data;

/* Lambert conformal conic on an ellipsoid, ready to project. */
struct geo_lcc {
	double a, e;              /* semi-major axis (m), eccentricity */
	double lon0;              /* central meridian, radians */
	double n, F, rho0;        /* cone constant, scale factor, radius at lat_0 (m) */
};

/* Set up the projection (degrees; inv_f = 1/flattening, 0 = sphere of
 * radius a). Returns 0, or -1 when the parallels do not define a cone (equal
 * and opposite, or a pole). */
int geo_lcc_init(struct geo_lcc *p, double lat1, double lat2, double lon0, double lat0,
                 double a, double inv_f);
/* Project longitude/latitude (degrees) to x (east), y (north) in metres,
 * from (lon_0, lat_0), without false easting or northing. */
void geo_lcc_forward(const struct geo_lcc *p, double lon, double lat, double *x, double *y);

struct geo_data {
	struct dataset params;      /* geometry.csv */
	long row;                   /* the "states" row */
	struct geo_shapes states;   /* outlines in degrees */
};

struct geo_result {
	const struct geo_data *data;
	struct geo_shapes states;   /* projected, metres */
};

/* Load geometry.csv in dir and the outlines of its "states" row. Every
 * problem is reported (FILE:LINE:COL) before returning -1; 0 on success. */
int geo_load(struct arena *a, const char *dir, struct geo_data *out);

/* Every state of states.csv with an inegi_code has an outline: a code no
 * feature carries is an error at that cell of states.csv (a state without a
 * code is left out of maps). Returns 0 or -1. */
int geo_check_states(const struct geo_data *g, const struct regions_data *d);

/* Project the outlines. Pure. Returns 0, or -1 after reporting parameters
 * that define no projection. *out lives in a. */
int geo_compute(struct arena *a, const struct geo_data *g, struct geo_result *out);

/* The projected outlines ("states") and the keys geo.states.* of
 * templates/KEYS.md. */
void geo_figures(const struct geo_result *r, struct figset *fs);

#endif
