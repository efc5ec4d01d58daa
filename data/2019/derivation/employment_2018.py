#!/usr/bin/env python3
"""employment.csv of the 2019 edition (data year 2018).

No public file gives Mexico's employment by sector and sex for 2018 in the
2018 edition's 19 sectors. INEGI's ENOE gives national employment by broad
sector every month (data/raw/states/enoe_national_monthly_indicators_2005_2020_bedu.csv).
So each sector-and-sex cell of the 2018 edition (data year 2016) is scaled by
the growth of its broad ENOE sector from the 2016 to the 2018 annual mean:
the 2016 structure within each broad sector is carried forward, the totals
are ENOE 2018's. Months that appear twice in the copy (one per year, with
disagreeing values; see PROVENANCE.md) are left out of both years' means.

Run from the top of the source tree:
    python3 data/2019/derivation/employment_2018.py > data/2019/employment.csv
"""
import collections
import csv
import sys

RAW = "data/raw/states/enoe_national_monthly_indicators_2005_2020_bedu.csv"
BASE = "data/2018/employment.csv"
FROM, TO = "2016", "2018"

# the 2018 edition's sectors -> ENOE's broad sector (column name)
GROUP = {
    "agriculture": "Agricultura, ganadería, silvicultura, caza y pesca",
    "mining": "Industria extractiva, de la electricidad y manufacturera",
    "utilities": "Industria extractiva, de la electricidad y manufacturera",
    "manufacturing": "Industria extractiva, de la electricidad y manufacturera",
    "construction": "Construcción",
    "trade": "Comercio",
    "accommodation": "Restaurantes y servicios de alojamiento, transportes, comunicaciones, correo y almacenamiento",
    "transport": "Restaurantes y servicios de alojamiento, transportes, comunicaciones, correo y almacenamiento",
    "ict": "Restaurantes y servicios de alojamiento, transportes, comunicaciones, correo y almacenamiento",
    "finance": "Servicios profesionales, financieros y corporativos",
    "real_estate": "Servicios profesionales, financieros y corporativos",
    "professional": "Servicios profesionales, financieros y corporativos",
    "administrative": "Servicios profesionales, financieros y corporativos",
    "public_admin": "Servicios sociales, gobierno y organismos internacionales",
    "education": "Servicios sociales, gobierno y organismos internacionales",
    "health": "Servicios sociales, gobierno y organismos internacionales",
    "arts": "Servicios diversos",
    "other_services": "Servicios diversos",
    "self_employed": "PEA Ocupada",
}


def annual_means():
    rows = list(csv.DictReader(open(RAW, encoding="utf-8")))
    count = collections.Counter((r["Año"], r["Mes"]) for r in rows)
    sums = collections.defaultdict(float)
    months = collections.Counter()
    for r in rows:
        if count[(r["Año"], r["Mes"])] > 1 or r["Año"] not in (FROM, TO):
            continue
        months[r["Año"]] += 1
        for col in set(GROUP.values()):
            sums[(r["Año"], col)] += float(r[col])
    return {k: v / months[k[0]] for k, v in sums.items()}, months


def main():
    mean, months = annual_means()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["sector", "sex", "employed", "provenance", "source"])
    for r in csv.DictReader(open(BASE, encoding="utf-8")):
        col = GROUP[r["sector"]]
        ratio = mean[(TO, col)] / mean[(FROM, col)]
        out.writerow([r["sector"], r["sex"], round(float(r["employed"]) * ratio),
                      "estimated", "inegi_enoe_2018"])
    print("months used: %s %d, %s %d" % (FROM, months[FROM], TO, months[TO]), file=sys.stderr)


if __name__ == "__main__":
    main()
