#!/bin/sh
# Rebuild the 2019 edition (data year 2018) from the 2018 one and the public
# raw files; run from the top of the source tree after `make build`:
#     sh data/2019/derivation/make_2019.sh [RAW]
# RAW holds the import's raw files (O*NET, Frey & Osborne, ...; default
# ../shared/reference/raw). Carried forward unchanged from data/2018: every
# dataset without a 2018 release (see data/SOURCES.md, "The 2019 edition").
# Written here: employment.csv (ENOE 2018 totals on the 2016 structure),
# automation_parameters.csv (data year 2018), automation_published.csv
# (empty: no published report is reproduced), import.csv and
# readiness_metrics.csv (the UN Survey 2018, the WGI for 2018),
# readiness_values.csv, import_figures.csv and the state files (by
# reportgen import). edition.csv is the edition's own (kept as it is).
set -eu
RAW=${1:-../shared/reference/raw}
E=data/2019
for f in data/2018/*.csv; do
	case $(basename "$f") in edition.csv) ;; *) cp "$f" "$E/" ;; esac
done
python3 "$E/derivation/employment_2018.py" > "$E/employment.csv"
sed -i "s/^data_year,2016,year,[a-z]*,[a-z0-9_]*$/data_year,2018,year,derived,inegi_enoe_2018/" \
	"$E/automation_parameters.csv"
head -1 data/2018/automation_published.csv > "$E/automation_published.csv"
sed -i 's/^egov,un_egdi_2016.csv,2016,official,un_egov_2016$/egov,un_egdi_2018.csv,2018,official,un_egov_2018/;
        s/^wgi,\(worldbank_wgi_1996_2022_all_indicators.csv\),2016,/wgi,\1,2018,/' "$E/import.csv"
python3 "$E/derivation/readiness_metrics_2018.py" "$E/readiness_metrics.csv"
./reportgen import --readiness --raw data/raw --edition "$E" --out "$E" --quiet
./reportgen import --states data/raw/states --edition "$E" --out "$E" --quiet
tmp=$(mktemp -d)
./reportgen import --raw "$RAW" --edition "$E" --out "$tmp" --quiet 2>/dev/null
cp "$tmp/import_figures.csv" "$E/"
rm -rf "$tmp"
