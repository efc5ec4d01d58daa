#!/usr/bin/env python3
"""Rebuild data/2018/readiness_values.csv from the public raw files.

Usage: readiness_estimates.py RAW_DIR > readiness_values.csv

Two metrics are transcribed (UN E-Government Survey 2016 Online Service
Index; World Bank WGI Government Effectiveness 2016). The seven metrics whose
2017 inputs are not public are estimated as described in data/SOURCES.md,
section "Readiness index": order the 34 other countries by a stand-in
indicator, insert Mexico at its published rank, score = ((N - r)/(N - 1))**2.
"""
import csv
import sys

OECD = ("AUS AUT BEL CAN CHL CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ISR ITA JPN "
        "KOR LVA LUX MEX NLD NZL NOR POL PRT SVK SVN ESP SWE CHE TUR GBR USA").split()
GAMMA = 2.0
# Names used by the two files that key countries by name.
GODI_NAME = {"GBR": "Great Britain", "USA": "United States", "CZE": "Czech Republic",
             "SVK": "Slovakia", "KOR": "Korea", "NZL": "New Zealand", "NLD": "Netherlands"}
GAIRI_NAME = {"GBR": "United Kingdom", "USA": "United States of America",
              "KOR": "Republic of Korea", "CZE": "Czech Republic", "SVK": "Slovakia",
              "TUR": "Turkey"}
# metric -> (stand-in, published rank of Mexico)
ESTIMATED = [
    ("innovation", "wgi_rq_2016", 35),
    ("digitalisation", "un_tii_2016", 33),
    ("tech_skills", "un_hci_2016", 35),
    ("ai_startups", "oi_gairi_2022", 22),
    ("data_quality", "un_epi_2016", 13),
    ("data_available", "godi_2016", 5),
    ("data_capability", "un_osi_2018", 9),
]
SOURCE_OF = {"wgi_rq_2016": "wb_wgi", "un_tii_2016": "un_egov_2016",
             "un_hci_2016": "un_egov_2016", "oi_gairi_2022": "oi_gairi_2022",
             "un_epi_2016": "un_egov_2016", "godi_2016": "godi_2016",
             "un_osi_2018": "un_egov_2018"}


def read_egov(path):
    rows = {r["country-code"]: r for r in csv.DictReader(open(path, encoding="utf-8"))}
    return rows


def main(raw):
    eg16 = read_egov(raw + "/un_egdi_2016.csv")
    eg18 = read_egov(raw + "/un_egdi_2018.csv")
    names = {c: eg16[c]["country-name"] for c in OECD}
    wgi = {}
    with open(raw + "/worldbank_wgi_1996_2022_all_indicators.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["Country Code"] in OECD:
                wgi[(r["Country Code"], r["Indicator Code"])] = r["2016"]
    godi = {r["country"]: r["odi"] for r in
            csv.DictReader(open(raw + "/global_open_data_index_2016_scores.csv"))}
    gairi = {r["country"]: r["gair"] for r in
             csv.DictReader(open(raw + "/oxford_insights_gairi_2022_total_scores.csv"))}

    osi16 = {c: float(eg16[c]["osi"]) for c in OECD}
    basis = {
        "wgi_rq_2016": {c: float(wgi[(c, "RQ.EST")]) for c in OECD},
        "un_tii_2016": {c: float(eg16[c]["tii"]) for c in OECD},
        "un_hci_2016": {c: float(eg16[c]["hci"]) for c in OECD},
        "oi_gairi_2022": {c: float(gairi[GAIRI_NAME.get(c, names[c])]) for c in OECD},
        "un_epi_2016": {c: float(eg16[c]["e-pat-index"]) for c in OECD},
        "un_osi_2018": {c: float(eg18[c]["osi"]) for c in OECD},
    }
    g = {}
    for c in OECD:
        n = GODI_NAME.get(c, names[c])
        if n in godi:
            g[c] = float(godi[n])
    # Impute the seven absent countries: least squares of GODI on OSI 2016
    # over the OECD countries present, Mexico left out.
    xs = [osi16[c] for c in g if c != "MEX"]
    ys = [g[c] for c in g if c != "MEX"]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    imputed = set()
    for c in OECD:
        if c not in g:
            g[c] = round(a + b * osi16[c], 2)
            imputed.add(c)
    basis["godi_2016"] = g

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["country", "metric", "value", "basis", "basis_source", "provenance", "source"])
    for c in OECD:
        out.writerow([c, "digital_services", eg16[c]["osi"], "", "", "official", "un_egov_2016"])
    for c in OECD:
        v = float(wgi[(c, "GE.EST")])
        out.writerow([c, "gov_effectiveness", "%.6f" % v, "", "", "official", "wb_wgi"])
    n = len(OECD)
    for metric, stand_in, mex_rank in ESTIMATED:
        # Order by the values as written to the file, so that the file alone
        # reproduces the order.
        v = {c: float("%.10g" % x) for c, x in basis[stand_in].items()}
        others = sorted((c for c in OECD if c != "MEX"), key=lambda c: (-v[c], -osi16[c], c))
        order = others[:mex_rank - 1] + ["MEX"] + others[mex_rank - 1:]
        for i, c in enumerate(order):
            score = ((n - 1 - i) / (n - 1)) ** GAMMA
            if c == "MEX":
                out.writerow([c, metric, "%.6f" % score, "", "", "estimated", "est_rank_score"])
            else:
                src = SOURCE_OF[stand_in]
                if stand_in == "godi_2016" and c in imputed:
                    src = "godi_2016_imputed"
                out.writerow([c, metric, "%.6f" % score, "%.10g" % v[c], src,
                              "estimated", "est_rank_score"])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/raw")
