#!/usr/bin/env python3
"""Rebuild the estimated automation datasets of the 2018 edition.

The 2018 paper ("Towards an AI Strategy in Mexico", Oxford Insights and C Minds)
publishes only aggregates of its automation model. This script writes the finer
tables reportgen needs (sector employment by sex, occupation mix of each
sector, task time shares and likelihoods) so that the model reproduces the
published aggregates. The method is described in data/SOURCES.md, section
"Automation exposure". Every value it writes is marked 'estimated' or
'derived'; the published figures it aims at are in automation_published.csv.

Run from the repository root:  python3 data/2018/automation_fit.py
It rewrites sectors.csv, employment.csv, occupations.csv, tasks.csv,
sector_occupations.csv and impact_split.csv in data/2018/. Standard library only.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Published anchors (oi_mx_2018): national totals.
AFFECTED_TOTAL = 9_770_000          # "9.77 million jobs"
SHARE_TOTAL = 0.19                  # "19% of all jobs"
H5_TOTAL = 1_540_000                # "1.54 million jobs ... in the next 5 years"
P5_15_TOTAL = 7_190_000             # "7.19 million jobs ... between 5 and 15 years"
MEN_SHARE = 0.618                   # "men make up 61.8% of the formal workforce"
EMPLOYED_TOTAL = round(AFFECTED_TOTAL / SHARE_TOTAL)

# Occupation groups (SOC 2010 major groups, merged) and their tasks:
# (task id, label, share of working time, long-term likelihood, speed class).
OCCUPATIONS = [
    ("mgt", "Management, business and financial", "11|13", [
        ("mgt1", "Plan and direct operations", 0.40, 0.01, "slow"),
        ("mgt2", "Negotiate with clients, suppliers and staff", 0.20, 0.0, "slow"),
        ("mgt3", "Prepare budgets and financial reports", 0.25, 0.12, "fast"),
        ("mgt4", "Schedule and track work", 0.15, 0.10, "fast")]),
    ("prf", "Professional and technical", "15|17|19|23|27", [
        ("prf1", "Design, analyse and solve problems", 0.40, 0.02, "slow"),
        ("prf2", "Advise clients and colleagues", 0.20, 0.01, "slow"),
        ("prf3", "Write reports and documents", 0.25, 0.10, "fast"),
        ("prf4", "Test, measure and compile data", 0.15, 0.15, "medium")]),
    ("edu", "Education and library", "25", [
        ("edu1", "Teach classes", 0.55, 0.0, "slow"),
        ("edu2", "Prepare lessons and materials", 0.20, 0.02, "medium"),
        ("edu3", "Grade work and record results", 0.15, 0.05, "fast"),
        ("edu4", "Supervise and counsel students", 0.10, 0.0, "slow")]),
    ("hlt", "Health practitioners and support", "29|31", [
        ("hlt1", "Examine and treat patients", 0.45, 0.01, "slow"),
        ("hlt2", "Assist and care for patients", 0.25, 0.02, "slow"),
        ("hlt3", "Record patient information", 0.15, 0.20, "fast"),
        ("hlt4", "Prepare samples, medicines and supplies", 0.15, 0.15, "medium")]),
    ("svc", "Care, community and protective services", "21|33|39", [
        ("svc1", "Care for and assist people", 0.50, 0.01, "slow"),
        ("svc2", "Patrol and monitor premises", 0.25, 0.08, "medium"),
        ("svc3", "Keep records and logs", 0.10, 0.15, "fast"),
        ("svc4", "Guide and advise people", 0.15, 0.005, "slow")]),
    ("food", "Food preparation and serving", "35", [
        ("food1", "Cook and prepare food", 0.40, 0.20, "medium"),
        ("food2", "Serve customers at the table", 0.30, 0.12, "medium"),
        ("food3", "Clean kitchen and dining areas", 0.15, 0.15, "slow"),
        ("food4", "Take orders and payments", 0.15, 0.50, "fast")]),
    ("cln", "Cleaning and domestic work", "37", [
        ("cln1", "Clean rooms and surfaces", 0.45, 0.015, "slow"),
        ("cln2", "Wash and iron clothing", 0.20, 0.02, "slow"),
        ("cln3", "Look after children and older people", 0.20, 0.0, "slow"),
        ("cln4", "Tend gardens and grounds", 0.15, 0.01, "slow")]),
    ("sal", "Sales", "41", [
        ("sal1", "Serve and advise customers", 0.40, 0.08, "medium"),
        ("sal2", "Handle payments at the till", 0.20, 0.45, "fast"),
        ("sal3", "Stock shelves and arrange displays", 0.20, 0.20, "medium"),
        ("sal4", "Keep sales records and inventory", 0.20, 0.25, "fast")]),
    ("off", "Office and administrative support", "43", [
        ("off1", "Answer enquiries", 0.30, 0.08, "medium"),
        ("off2", "Enter and process data", 0.30, 0.25, "fast"),
        ("off3", "File and maintain records", 0.20, 0.20, "fast"),
        ("off4", "Coordinate schedules and meetings", 0.20, 0.05, "medium")]),
    ("farm", "Farming, fishing and forestry", "45", [
        ("farm1", "Plant, tend and harvest crops", 0.40, 0.18, "slow"),
        ("farm2", "Tend livestock", 0.25, 0.08, "slow"),
        ("farm3", "Operate farm machinery", 0.20, 0.25, "medium"),
        ("farm4", "Sort, grade and pack produce", 0.15, 0.15, "medium")]),
    ("cns", "Construction and extraction", "47", [
        ("cns1", "Lay bricks, concrete and other materials", 0.35, 0.55, "slow"),
        ("cns2", "Operate heavy equipment", 0.20, 0.60, "medium"),
        ("cns3", "Measure and mark out work", 0.15, 0.40, "medium"),
        ("cns4", "Finish and repair surfaces", 0.20, 0.35, "slow"),
        ("cns5", "Load and clear materials on site", 0.10, 0.50, "medium")]),
    ("mnt", "Installation, maintenance and repair", "49", [
        ("mnt1", "Diagnose faults", 0.35, 0.10, "medium"),
        ("mnt2", "Repair and replace parts", 0.40, 0.15, "slow"),
        ("mnt3", "Install equipment", 0.25, 0.20, "slow")]),
    ("prd", "Production", "51", [
        ("prd1", "Operate machines and production lines", 0.35, 0.55, "medium"),
        ("prd2", "Assemble parts and products", 0.30, 0.45, "medium"),
        ("prd3", "Inspect and test products", 0.15, 0.40, "fast"),
        ("prd4", "Set up and adjust equipment", 0.10, 0.15, "slow"),
        ("prd5", "Record production data", 0.10, 0.50, "fast")]),
    ("trn", "Transportation and material moving", "53", [
        ("trn1", "Drive vehicles", 0.45, 0.30, "slow"),
        ("trn2", "Load, unload and move goods", 0.30, 0.40, "medium"),
        ("trn3", "Check loads and documents", 0.15, 0.35, "fast"),
        ("trn4", "Maintain vehicles", 0.10, 0.10, "slow")]),
]

# Share of the long-term likelihood reached within 5 and 15 years, by speed
# class, before the national calibration below scales them.
SPEED = {"fast": (0.30, 0.97), "medium": (0.15, 0.90), "slow": (0.06, 0.80)}

# Sub-sectors. pub_risk / pub_affected / pub_men / pub_women are published
# (None when not); emp is our estimate where it cannot be derived; men is our
# estimate of the men's share where the paper gives none.
# (code, name, group, isic, provenance of the name, pub_risk, pub_affected,
#  pub_men, pub_women, emp estimate, men estimate, risk estimate,
#  base mix, high occupation, low occupation)
SECTORS = [
    ("agriculture", "Agriculture", "agriculture", "A", "published",
     0.1425, 942_705, 0.8958, None, None, None, None,
     {"trn": 0.03, "mnt": 0.01, "sal": 0.01, "off": 0.01}, "farm", "mgt"),
    ("mining", "Mining and quarrying", "industry", "B", "published",
     0.3312, None, 0.8822, None, 210_000, None, None,
     {"mnt": 0.10, "off": 0.04, "prf": 0.03, "mgt": 0.04, "prd": 0.06}, "cns", "trn"),
    ("manufacturing", "Manufacturing", "industry", "C", "published",
     0.3371, 2_809_944, None, None, None, "balance", None,
     {"trn": 0.10, "mnt": 0.04, "off": 0.06, "sal": 0.03, "prf": 0.04, "cln": 0.01}, "prd", "mgt"),
    ("utilities", "Electricity, gas and water supply", "industry", "D|E", "estimated",
     None, None, None, None, 420_000, 0.70, 0.20,
     {"prd": 0.10, "cns": 0.06, "trn": 0.06, "off": 0.12, "prf": 0.12, "mgt": 0.08, "sal": 0.02}, "prd", "mnt"),
    ("construction", "Construction", "industry", "F", "published",
     0.4108, 1_750_676, 0.9691, None, None, None, None,
     {"mnt": 0.05, "off": 0.03, "prf": 0.02, "sal": 0.01}, "cns", "mgt"),
    ("trade", "Wholesale and retail trade", "services", "G", "published",
     None, 1_653_335, None, 0.5184, 9_580_000, None, None,
     {"mnt": 0.05, "cln": 0.02, "food": 0.02, "prf": 0.01, "off": 0.08, "trn": 0.10}, "sal", "mgt"),
    ("transport", "Transportation and storage", "services", "H", "published",
     0.2697, None, 0.9184, None, 2_560_000, None, None,
     {"mnt": 0.06, "sal": 0.02, "prf": 0.01, "svc": 0.02}, "trn", "off"),
    ("accommodation", "Accommodation and food services", "services", "I", "published",
     0.1875, 725_092, None, 0.5905, None, None, None,
     {"sal": 0.05, "off": 0.03, "mnt": 0.02, "mgt": 0.06}, "food", "cln"),
    ("ict", "Information and communication", "services", "J", "published",
     None, 32_382, None, None, 440_000, 0.62, None,
     {"mgt": 0.16, "sal": 0.06, "mnt": 0.08, "svc": 0.02}, "off", "prf"),
    ("finance", "Financial and insurance activities", "services", "K", "published",
     None, 47_047, None, None, 610_000, 0.52, None,
     {"prf": 0.08, "sal": 0.12, "svc": 0.02}, "off", "mgt"),
    ("real_estate", "Real estate activities", "services", "L", "estimated",
     None, None, None, None, 380_000, 0.56, 0.15,
     {"cln": 0.10, "mnt": 0.10, "prf": 0.05, "off": 0.15}, "sal", "mgt"),
    ("professional", "Professional, scientific and technical activities", "services", "M", "estimated",
     None, None, None, None, 1_180_000, 0.60, 0.09,
     {"mgt": 0.25, "sal": 0.04, "cln": 0.01}, "off", "prf"),
    ("administrative", "Administrative and support services", "services", "N", "estimated",
     None, None, None, None, 1_290_000, 0.58, 0.14,
     {"mgt": 0.08, "svc": 0.20, "mnt": 0.04, "sal": 0.04, "off": 0.30}, "trn", "cln"),
    ("public_admin", "Public administration and defence", "services", "O", "estimated",
     None, None, None, None, 2_380_000, 0.62, 0.07,
     {"mgt": 0.18, "prf": 0.12, "trn": 0.03, "mnt": 0.03, "cln": 0.03, "hlt": 0.02, "edu": 0.02}, "off", "svc"),
    ("education", "Education services", "services", "P", "published",
     0.0200, 51_401, None, 0.6378, None, None, None,
     {"mgt": 0.04, "cln": 0.04, "svc": 0.02, "food": 0.01}, "off", "edu"),
    ("health", "Human health and social work", "services", "Q", "published",
     0.0674, None, None, 0.6741, 1_960_000, None, None,
     {"mgt": 0.06, "cln": 0.04, "food": 0.02, "prf": 0.02}, "off", "hlt"),
    ("arts", "Arts, entertainment and recreation", "services", "R", "published",
     0.0930, 42_769, 0.7160, None, None, None, None,
     {"mgt": 0.12, "food": 0.10, "sal": 0.06, "off": 0.06, "cln": 0.08}, "mnt", "prf"),
    ("other_services", "Other service activities", "services", "S|U", "estimated",
     None, None, None, None, None, 0.60, "remainder",
     {"sal": 0.08, "mgt": 0.08, "cln": 0.10, "off": 0.04, "food": 0.04}, "mnt", "svc"),
    ("self_employed", "Management and self-employed", "services", "T", "published",
     0.0125, 29_448, None, 0.9051, None, None, None,
     {}, "svc", "cln"),
]


def occ_risk(tasks, horizon):
    idx = {"h5": 0, "h15": 1, "long": 2}[horizon]
    return sum(t["time"] * t["p"][idx] for t in tasks)


def main():
    # 1. Tasks: long-term likelihoods as set above; h5/h15 follow later.
    occ = {}
    for code, name, soc, tasks in OCCUPATIONS:
        total = sum(t[2] for t in tasks)
        assert abs(total - 1) < 1e-12, code
        occ[code] = {"name": name, "soc": soc,
                     "tasks": [{"id": t[0], "name": t[1], "time": t[2],
                                "long": t[3], "speed": t[4],
                                "p": [None, None, t[3]]} for t in tasks]}
    rlong = {c: sum(t["time"] * t["long"] for t in o["tasks"]) for c, o in occ.items()}

    # 2. Sector employment and target long-term risk.
    rows = []
    for s in SECTORS:
        (code, name, group, isic, prov, prisk, paff, pmen, pwomen, emp, men,
         rest, base, hi, lo) = s
        r = {"code": code, "name": name, "group": group, "isic": isic, "prov": prov,
             "base": base, "hi": hi, "lo": lo}
        if prisk is not None and paff is not None:
            r["emp"] = round(paff / prisk)
            r["risk"] = prisk
            r["emp_prov"] = "derived"
        elif prisk is not None:
            r["emp"] = emp
            r["risk"] = prisk
            r["emp_prov"] = "derived" if code == "mining" else "estimated"
        elif paff is not None:
            r["emp"] = emp
            r["risk"] = paff / emp
            r["emp_prov"] = "estimated"
        else:
            r["emp"] = emp
            r["risk"] = rest
            r["emp_prov"] = "estimated"
        if pmen is not None:
            r["men_share"] = pmen
        elif pwomen is not None:
            r["men_share"] = 1 - pwomen
        else:
            r["men_share"] = men
            r["emp_prov"] = "estimated"
        rows.append(r)

    known_emp = sum(r["emp"] for r in rows if r["emp"] is not None)
    rem = [r for r in rows if r["emp"] is None]
    assert len(rem) == 1
    rem[0]["emp"] = EMPLOYED_TOTAL - known_emp
    known_aff = sum(r["emp"] * r["risk"] for r in rows if r["risk"] != "remainder")
    last = [r for r in rows if r["risk"] == "remainder"][0]
    last["risk"] = (AFFECTED_TOTAL - known_aff) / last["emp"]

    # 3. Men: manufacturing balances the national men's share.
    men_total = round(EMPLOYED_TOTAL * MEN_SHARE)
    known_men = sum(round(r["emp"] * r["men_share"]) for r in rows
                    if r["men_share"] != "balance")
    bal = [r for r in rows if r["men_share"] == "balance"][0]
    bal["men"] = men_total - known_men
    bal["men_share"] = bal["men"] / bal["emp"]
    for r in rows:
        if "men" not in r:
            r["men"] = round(r["emp"] * r["men_share"])
        r["women"] = r["emp"] - r["men"]

    # 4. Occupation mix: base shares, then the high and low occupations take
    # the remainder so that the mix reproduces the target risk.
    for r in rows:
        base = dict(r["base"])
        rest = 1 - sum(base.values())
        brisk = sum(v * rlong[o] for o, v in base.items())
        hi, lo = r["hi"], r["lo"]
        mh = (r["risk"] - brisk - rest * rlong[lo]) / (rlong[hi] - rlong[lo])
        ml = rest - mh
        if mh < 0 or ml < 0:
            print(f"FAIL {r['code']}: target {r['risk']:.4f} out of reach "
                             f"({hi}={mh:.4f}, {lo}={ml:.4f})")
        mix = dict(base)
        mix[hi] = mix.get(hi, 0) + mh
        mix[lo] = mix.get(lo, 0) + ml
        rounded = {o: round(v, 6) for o, v in mix.items() if round(v, 6) > 0}
        # put the rounding residual on the occupation whose risk is nearest
        # the target, where it moves the sector risk least
        near = min(rounded, key=lambda o: abs(rlong[o] - r["risk"]))
        rounded[near] = round(rounded[near] + 1 - sum(rounded.values()), 6)
        r["mix"] = rounded

    # 5. Calibrate the speed classes so that the national totals within 5 and
    # 15 years match the paper.
    def national(idx_share):
        tot = 0.0
        for r in rows:
            for o, m in r["mix"].items():
                s = sum(t["time"] * t["long"] * SPEED[t["speed"]][idx_share]
                        for t in occ[o]["tasks"])
                tot += r["emp"] * m * s
        return tot
    k5 = H5_TOTAL / national(0)
    k15 = (H5_TOTAL + P5_15_TOTAL) / national(1)
    for o in occ.values():
        for t in o["tasks"]:
            a, b = SPEED[t["speed"]]
            p5 = round(t["long"] * a * k5, 4)
            p15 = round(t["long"] * min(1.0, b * k15), 4)
            p15 = max(p15, p5)
            t["p"] = [p5, p15, t["long"]]
            assert 0 <= p5 <= p15 <= t["long"] <= 1

    # 6. Write the CSVs.
    def write(name, header, lines):
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(",".join(header) + "\n")
            for line in lines:
                f.write(",".join(q(x) for x in line) + "\n")

    def q(x):
        x = str(x)
        return '"' + x.replace('"', '""') + '"' if ("," in x or '"' in x) else x

    def num(v, nd):
        s = f"{v:.{nd}f}".rstrip("0").rstrip(".")
        return s if s else "0"

    # The Spanish names are not ours to fit: keep those sectors.csv has.
    name_es = {}
    try:
        import csv
        with open(os.path.join(HERE, "sectors.csv"), encoding="utf-8", newline="") as f:
            for rec in csv.DictReader(f):
                name_es[rec["code"]] = rec.get("name_es", "")
    except FileNotFoundError:
        pass
    write("sectors.csv",
          ["code", "name", "name_es", "group", "isic", "provenance", "source"],
          [[r["code"], r["name"], name_es.get(r["code"], ""), r["group"], r["isic"], r["prov"],
            "oi_mx_2018" if r["prov"] == "published" else "est-automation"] for r in rows])
    emp_lines = []
    for r in rows:
        src = "oi_mx_2018" if r["emp_prov"] == "derived" else "est-automation"
        emp_lines.append([r["code"], "men", r["men"], r["emp_prov"], src])
        emp_lines.append([r["code"], "women", r["women"], r["emp_prov"], src])
    write("employment.csv", ["sector", "sex", "employed", "provenance", "source"], emp_lines)
    write("occupations.csv", ["code", "name", "soc", "provenance", "source"],
          [[c, o["name"], o["soc"], "official", "soc2010"] for c, o in occ.items()])
    task_lines = []
    for c, o in occ.items():
        for t in o["tasks"]:
            task_lines.append([c, t["id"], t["name"], num(t["time"], 4),
                               num(t["p"][0], 4), num(t["p"][1], 4), num(t["p"][2], 4),
                               "estimated", "est-automation"])
    write("tasks.csv", ["occupation", "task", "name", "time_share", "likelihood_h5",
                        "likelihood_h15", "likelihood_long", "provenance", "source"],
          task_lines)
    occ_order = list(occ)
    mix_lines = []
    for r in rows:
        for o in occ_order:
            if o in r["mix"]:
                mix_lines.append([r["code"], o, num(r["mix"][o], 6), "estimated",
                                  "est-automation"])
    write("sector_occupations.csv", ["sector", "occupation", "share", "provenance", "source"],
          mix_lines)
    # Impact split: the printed counts (million) add up to 9.78, not 9.77.
    # Take one third of the 0.01 excess off each (every count stays within
    # its printed rounding) and divide by 9.77.
    pub = {"enhanced": 4.97, "transformed": 3.20, "replaced": 1.61}
    excess = sum(pub.values()) - AFFECTED_TOTAL / 1e6
    shares = {k: round((v - excess / 3) / (AFFECTED_TOTAL / 1e6), 6) for k, v in pub.items()}
    shares["enhanced"] = round(1 - shares["transformed"] - shares["replaced"], 6)
    write("impact_split.csv", ["outcome", "share", "provenance", "source"],
          [[k, num(v, 6), "derived", "oi_mx_2018"] for k, v in shares.items()])

    # Report.
    tot_aff = [0.0, 0.0, 0.0]
    for r in rows:
        for h in range(3):
            risk = sum(m * occ_risk(occ[o]["tasks"], ["h5", "h15", "long"][h])
                       for o, m in r["mix"].items())
            tot_aff[h] += r["emp"] * risk
            if h == 2:
                r["risk_out"] = risk
        print(f"{r['code']:15s} emp {r['emp']:>9d} men {r['men_share']:.4f} "
              f"risk {r['risk_out']:.6f} aff {r['emp'] * r['risk_out']:>12.1f} "
              f"mix {r['mix']}")
    print("total emp", sum(r["emp"] for r in rows), "affected", [round(x) for x in tot_aff])
    print("k5", k5, "k15", k15)


if __name__ == "__main__":
    main()
