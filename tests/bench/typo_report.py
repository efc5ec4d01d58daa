#!/usr/bin/env python3
"""typo-report: typographic measures of written PDFs (make typo-report).

Reads every PDF named on the command line through `pdftotext -bbox-layout`
(poppler-utils) and prints, per page, the empty share of the body frame and,
per document, the measures of issue 19:

  empty        share of the body frame's height with no text on it (text
               bands closer than 24 pt count as one block)
  hyph/100     body lines ending in a hyphen per 100 body lines
  page-turn    words broken across a page turn (a page's last body line ends
               in a hyphen)
  caps-broken  broken words written in capitals or with a capital inside
  gap p95/med  word gap of full justified body lines: 95th percentile over
               the median (one mean gap per line)
  overlaps     word boxes that overlap another word's box (chart labels)
  copy         straight quotes, digit-hyphen-digit ranges, backticks, double
               list markers and doubled punctuation left in the text

The frame is the one layout/layout.c sets: 78 pt from the top, 82 pt from the
bottom, 396 pt wide and centred. Body lines are lines in the frame whose
height is the most common height of lines that fill the measure.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

TOP, BOTTOM, FRAME_W = 78.0, 82.0, 396.0
NS = "{http://www.w3.org/1999/xhtml}"


def pages_of(path):
    xml = subprocess.run(["pdftotext", "-bbox-layout", path, "-"], check=True,
                         capture_output=True).stdout
    root = ET.fromstring(xml)
    for page in root.iter(NS + "page"):
        w, h = float(page.get("width")), float(page.get("height"))
        lines = []
        for ln in page.iter(NS + "line"):
            words = [(float(x.get("xMin")), float(x.get("yMin")), float(x.get("xMax")),
                      float(x.get("yMax")), x.text or "") for x in ln.iter(NS + "word")]
            if words:
                lines.append(words)
        yield w, h, lines


def pct(v, q):
    v = sorted(v)
    if not v:
        return 0.0
    i = min(len(v) - 1, max(0, int(round(q * (len(v) - 1)))))
    return v[i]


def report(path):
    pages = list(pages_of(path))
    # the body size: the most common height of lines that fill the measure
    # (tables and charts have many short lines of other sizes)
    heights = Counter()
    for w, h, lines in pages:
        for ln in lines:
            if ln[-1][2] - ln[0][0] > FRAME_W * 0.9:
                heights[round(ln[0][3] - ln[0][1], 1)] += 1
    body_h = heights.most_common(1)[0][0] if heights else 0
    nbody = nhy = turns = caps = overlaps = 0
    gaps, broken_caps, empties = [], [], []
    text = []
    for pno, (w, h, lines) in enumerate(pages, 1):
        fx0, fx1 = (w - FRAME_W) / 2, (w + FRAME_W) / 2
        y0, y1 = TOP, h - BOTTOM
        inframe = [ln for ln in lines if ln[0][1] >= y0 - 2 and ln[-1][3] <= y1 + 2]
        text.append(" ".join(" ".join(x[4] for x in ln) for ln in lines))
        bands = sorted((min(x[1] for x in ln), max(x[3] for x in ln)) for ln in inframe)
        filled, cur = 0.0, None
        for a, b in bands:
            if cur and a - cur[1] < 24:
                cur[1] = max(cur[1], b)
            else:
                if cur:
                    filled += cur[1] - cur[0]
                cur = [a, b]
        if cur:
            filled += cur[1] - cur[0]
        empty = max(0.0, 1 - filled / (y1 - y0))
        empties.append(empty)
        body = [ln for ln in inframe if abs(round(ln[0][3] - ln[0][1], 1) - body_h) < 0.3]
        body.sort(key=lambda ln: ln[0][1])
        for i, ln in enumerate(body):
            nbody += 1
            last = ln[-1][4]
            if re.search(r"[^\W\d_]-$", last):
                nhy += 1
                frag = last.rstrip("-")
                nxt = body[i + 1][0][4] if i + 1 < len(body) else ""
                if i + 1 == len(body):
                    turns += 1
                word = re.sub(r"^\W+", "", frag) + nxt
                # a capital after a letter in the joined word ("CINVES|TAV"),
                # or a fragment of capitals ("(CI-|IoT)"); a compound of
                # names broken at its own hyphen ("Martinho-|Truswell") is fine
                if re.search(r"[^\W\d_][A-Z]", re.sub(r"^\W+", "", frag) + nxt) and not (
                        frag[:1].isupper() and frag[1:].islower() and nxt[:1].isupper()
                        and nxt[1:].rstrip(".,;:)").islower()):
                    caps += 1
                    broken_caps.append("p%d %s|%s" % (pno, frag, nxt))
            xs = ln[-1][2] - ln[0][0]
            if len(ln) >= 4 and xs > FRAME_W * 0.97 and i + 1 < len(body):
                g = [ln[k + 1][0] - ln[k][2] for k in range(len(ln) - 1)]
                gaps.append(sum(g) / len(g))
        # Boxes shrunk to the middle of their height: a font's ascent and
        # descent boxes of adjacent lines may touch without ink overlapping.
        allw = [(x[0], x[1] + 0.3 * (x[3] - x[1]), x[2], x[3] - 0.3 * (x[3] - x[1]))
                for ln in lines for x in ln]
        allw.sort()
        for i in range(len(allw)):
            a = allw[i]
            for b in allw[i + 1:]:
                if b[0] >= a[2]:
                    break
                ox = min(a[2], b[2]) - max(a[0], b[0])
                oy = min(a[3], b[3]) - max(a[1], b[1])
                if ox > 0.5 and oy > 0.5:
                    overlaps += 1
    med = pct(gaps, 0.5)
    ratio = pct(gaps, 0.95) / med if med else 0.0
    alltext = "\n".join(text)
    copy = {
        "straight-quotes": len(re.findall(r"[\"']", alltext)),
        "digit-hyphen-range": len(re.findall(r"\d-\d", alltext)),
        "backticks": alltext.count("`"),
        "bullet+number": len(re.findall(r"\u2022\s*\d+\.", alltext)),
        "doubled-punct": len(re.findall(r"[.?!];|[?!]\.|(?<!\.)\.\.(?!\.)|[;,]\.", alltext)),
    }
    print("%s: %d pages" % (path, len(pages)))
    print("  empty share per page: " + " ".join(
        "%d:%d%%" % (i + 1, round(e * 100)) for i, e in enumerate(empties)))
    low = [i + 1 for i, e in enumerate(empties) if e > 0.75 and 1 < i + 1 < len(pages)]
    print("  pages over 75%% empty (not cover, not last): %s" % (low or "none"))
    print("  body lines %d, hyphenated ends %d = %.1f per 100" %
          (nbody, nhy, 100.0 * nhy / nbody if nbody else 0))
    print("  words broken across a page turn: %d" % turns)
    print("  broken capitals-words: %d %s" % (caps, " ".join(broken_caps[:12])))
    print("  word gap median %.2f pt, p95/median %.2f (%d full lines)" % (med, ratio, len(gaps)))
    print("  overlapping word boxes: %d" % overlaps)
    print("  copy: " + ", ".join("%s %d" % kv for kv in copy.items()))


def main():
    if len(sys.argv) < 2:
        print("usage: typo_report.py file.pdf ...", file=sys.stderr)
        return 2
    for p in sys.argv[1:]:
        report(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
