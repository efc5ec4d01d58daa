/*
 * geo/model: the Lambert conformal conic projection on the ellipsoid, from
 * Snyder (1987), Map Projections: A Working Manual, USGS Professional Paper
 * 1395, equations 15-1 to 15-10 (our own code of those formulas), and the
 * outlines projected with it. Pure: no input or output.
 */
#include "model/geo/geo.h"
#include "base/base.h"

#include <math.h>
#include <string.h>

static const double DEG = 3.14159265358979323846 / 180.0;

/* Snyder 14-15: m = cos(phi) / sqrt(1 - e^2 sin^2(phi)) */
static double lcc_m(double e, double phi)
{
	double s = e * sin(phi);

	return cos(phi) / sqrt(1 - s * s);
}

/* Snyder 15-9: t = tan(pi/4 - phi/2) / ((1 - e sin phi) / (1 + e sin phi))^(e/2) */
static double lcc_t(double e, double phi)
{
	double s = e * sin(phi);

	return tan(3.14159265358979323846 / 4 - phi / 2) / pow((1 - s) / (1 + s), e / 2);
}

int geo_lcc_init(struct geo_lcc *p, double lat1, double lat2, double lon0, double lat0,
                 double a, double inv_f)
{
	double f = inv_f > 0 ? 1 / inv_f : 0, e = sqrt(2 * f - f * f);
	double p1 = lat1 * DEG, p2 = lat2 * DEG, m1, m2, t1, t2;

	memset(p, 0, sizeof *p);
	if (fabs(lat1) >= 90 || fabs(lat2) >= 90 || fabs(lat0) >= 90 || fabs(lat1 + lat2) < 1e-9)
		return -1;
	m1 = lcc_m(e, p1);
	m2 = lcc_m(e, p2);
	t1 = lcc_t(e, p1);
	t2 = lcc_t(e, p2);
	p->a = a;
	p->e = e;
	p->lon0 = lon0 * DEG;
	/* 15-8; a tangent cone (one standard parallel) has n = sin(lat_1) */
	p->n = fabs(lat1 - lat2) < 1e-12 ? sin(p1) : (log(m1) - log(m2)) / (log(t1) - log(t2));
	p->F = m1 / (p->n * pow(t1, p->n));                      /* 15-10 */
	p->rho0 = a * p->F * pow(lcc_t(e, lat0 * DEG), p->n);   /* 15-7 at lat_0 */
	return 0;
}

void geo_lcc_forward(const struct geo_lcc *p, double lon, double lat, double *x, double *y)
{
	double rho = p->a * p->F * pow(lcc_t(p->e, lat * DEG), p->n);   /* 15-7 */
	double dl = lon * DEG - p->lon0, theta;

	/* the longitude difference into -180..180 degrees */
	while (dl > 3.14159265358979323846)
		dl -= 2 * 3.14159265358979323846;
	while (dl < -3.14159265358979323846)
		dl += 2 * 3.14159265358979323846;
	theta = p->n * dl;                                               /* 14-4 */
	*x = rho * sin(theta);                                           /* 14-1 */
	*y = p->rho0 - rho * cos(theta);                                 /* 14-2 */
}

int geo_compute(struct arena *a, const struct geo_data *g, struct geo_result *out)
{
	const struct dataset *t = &g->params;
	size_t row = (size_t)g->row, i, k;
	struct geo_lcc p;
	struct geo_shape *v;
	const struct geo_shapes *in = &g->states;

	memset(out, 0, sizeof *out);
	out->data = g;
	if (geo_lcc_init(&p, dataset_num(t, row, (size_t)dataset_col(t, "lat_1")),
	                 dataset_num(t, row, (size_t)dataset_col(t, "lat_2")),
	                 dataset_num(t, row, (size_t)dataset_col(t, "lon_0")),
	                 dataset_num(t, row, (size_t)dataset_col(t, "lat_0")),
	                 dataset_num(t, row, (size_t)dataset_col(t, "semi_major")),
	                 dataset_num(t, row, (size_t)dataset_col(t, "inv_flattening"))) != 0) {
		struct srcloc loc = dataset_loc(t, row, (size_t)dataset_col(t, "lat_1"));

		diag_error(&loc, EXIT_DATA, "these standard parallels define no conic projection");
		return -1;
	}
	v = arena_calloc(a, in->n ? in->n : 1, sizeof *v);
	out->states.path = in->path;
	out->states.n = in->n;
	out->states.v = v;
	out->states.x0 = out->states.y0 = INFINITY;
	out->states.x1 = out->states.y1 = -INFINITY;
	for (i = 0; i < in->n; i++) {
		double *xy = arena_alloc(a, 2 * (in->v[i].npts ? in->v[i].npts : 1) * sizeof *xy);

		v[i] = in->v[i];
		for (k = 0; k < in->v[i].npts; k++) {
			geo_lcc_forward(&p, in->v[i].xy[2 * k], in->v[i].xy[2 * k + 1], &xy[2 * k],
			                &xy[2 * k + 1]);
			out->states.x0 = fmin(out->states.x0, xy[2 * k]);
			out->states.x1 = fmax(out->states.x1, xy[2 * k]);
			out->states.y0 = fmin(out->states.y0, xy[2 * k + 1]);
			out->states.y1 = fmax(out->states.y1, xy[2 * k + 1]);
		}
		v[i].xy = xy;
	}
	return 0;
}
