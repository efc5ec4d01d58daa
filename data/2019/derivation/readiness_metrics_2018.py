#!/usr/bin/env python3
"""readiness_metrics.csv of the 2019 edition, rewritten in place from the
2018 edition's: the metrics read from the UN E-Government Survey now read
its 2018 edition, those from the WGI the 2018 column; the Open Data Index
has no later release and is marked as carried forward; the left-out
metrics' reasons name no year that would be stale."""
import csv
import sys

p = sys.argv[1]
rows = list(csv.DictReader(open(p, encoding="utf-8")))
fields = list(rows[0].keys())
for r in rows:
    if r["reader"] == "egov":
        r["raw_file"], r["raw_year"], r["indicator_source"] = "un_egdi_2018.csv", "2018", "un_egov_2018"
    if r["reader"] in ("egov", "wgi"):
        r["raw_year"] = "2018"
        r["indicator"] = r["indicator"].replace(", 2016", ", 2018")
        r["indicator_es"] = r["indicator_es"].replace(", 2016", ", 2018")
    elif r["reader"] == "odi":
        r["indicator"] = r["indicator"].replace("2016 (stand-in)", "2016, carried forward (stand-in)")
        r["indicator_es"] = r["indicator_es"].replace(
            "2016 (sustituto)", "2016, arrastrado de la edición anterior (sustituto)")
    if r["code"] == "ai_startups":
        r["left_out"] = r["left_out"].replace("by country for 2017", "by country for 2018")
        r["left_out_es"] = r["left_out_es"].replace("por país para 2017", "por país para 2018")
    if r["code"] == "data_capability":
        r["left_out"] = ("the only stand-in, the UN Online Service Index, measures what digital "
                         "public services already measure: it would count that metric twice")
        r["left_out_es"] = ("el único sustituto, el Índice de Servicios en Línea de la ONU, mide lo "
                            "mismo que los servicios públicos digitales: contaría esa métrica dos veces")
w = csv.DictWriter(open(p, "w", encoding="utf-8"), fieldnames=fields, lineterminator="\n")
w.writeheader()
w.writerows(rows)
