#!/usr/bin/python3
"""check_pdf: the machine-checkable conditions of PDF/UA-1 (the Matterhorn
Protocol's failure conditions that need no human judgement) and of
PDF/A-2b, over PDF files or the folders that hold them.

    check_pdf.py FILE_OR_FOLDER ...

Prints one line per failure, "file: page N: object M: what is wrong" (page
and object when they apply), and exits 1 when anything failed, 0 when every
file passed, 2 on bad usage. Uses pikepdf (Debian's python3-pikepdf).

Checked: the file is PDF 1.7 with a trailer /ID; marked (MarkInfo), with a
structure tree, a /Lang and DisplayDocTitle; every text, path and image
operator of every page is inside marked content with an MCID or an
Artifact, MCIDs are unique on a page and found in the parent tree; every
Figure has /Alt; headings do not skip levels (H1 then H3); every Table has
TH cells with a Scope; every link annotation has /Contents, the print flag,
a /StructParent whose element is a Link holding an OBJR to it, and pages
with annotations have /Tabs /S; every annotation prints (PDF/A); every font
is embedded and has a ToUnicode map covering every glyph the pages show;
XMP metadata is present, says PDF/A-2 B and PDF/UA-1, and agrees with the
information dictionary (title, author, producer, dates); an sRGB
(GTS_PDFA1) output intent with an ICC profile is present.
"""
import os
import re
import sys

import pikepdf
from pikepdf import Name, Dictionary, Array

TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh"}
HEADING = re.compile(r"^H([1-6])$")


class Report:
    def __init__(self):
        self.failures = 0

    def fail(self, path, msg, page=None, obj=None):
        where = path
        if page is not None:
            where += ": page %d" % page
        if obj is not None:
            where += ": object %d" % obj
        print("%s: %s" % (where, msg))
        self.failures += 1


def objnum(o):
    try:
        return o.objgen[0] if o.objgen[0] else None
    except Exception:
        return None


def role_of(elem, rolemap):
    s = str(elem.get("/S", ""))[1:]
    seen = set()
    while rolemap is not None and ("/" + s) in rolemap and s not in seen:
        seen.add(s)
        s = str(rolemap["/" + s])[1:]
    return s


def tounicode_codes(font):
    """The codes a ToUnicode CMap maps (bfchar and bfrange)."""
    tu = font.get("/ToUnicode")
    if tu is None:
        return None
    data = tu.read_bytes().decode("latin-1")
    codes = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for m in re.finditer(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            codes.add(int(m.group(1), 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            codes.update(range(int(m.group(1), 16), int(m.group(2), 16) + 1))
    return codes


def font_embedded(font):
    if font.get("/Subtype") == Name.Type0:
        desc = font.DescendantFonts[0].get("/FontDescriptor")
    else:
        desc = font.get("/FontDescriptor")
    if desc is None:
        return False
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def shown_codes(operands, op, two_byte):
    strs = []
    if op == "TJ":
        strs = [x for x in operands[0] if isinstance(x, pikepdf.String)]
    elif op in ("Tj", "'"):
        strs = [operands[0]]
    elif op == '"':
        strs = [operands[2]]
    out = []
    for s in strs:
        b = bytes(s)
        if two_byte:
            out += [b[i] << 8 | b[i + 1] for i in range(0, len(b) - 1, 2)]
        else:
            out += list(b)
    return out


def check_page(path, rep, pdf, pno, page, parent_arrays):
    res = page.obj.get("/Resources", Dictionary())
    fonts = res.get("/Font", Dictionary())
    stack = []          # marked content: (tag, has_mcid or artifact)
    mcids = set()
    cur_font = None
    used = {}           # font resource name -> set of codes
    untagged = 0
    first_bad = None
    try:
        ops = pikepdf.parse_content_stream(page)
    except Exception as e:
        rep.fail(path, "content stream cannot be read: %s" % e, pno)
        return
    for k, (operands, opr) in enumerate(ops):
        op = str(opr)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            ok = tag == "/Artifact"
            if op == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
                m = int(operands[1].MCID)
                if m in mcids:
                    rep.fail(path, "MCID %d used twice" % m, pno)
                mcids.add(m)
                ok = True
            stack.append(ok)
        elif op == "EMC":
            if not stack:
                rep.fail(path, "EMC without BDC/BMC (operator %d)" % k, pno)
            else:
                stack.pop()
        elif op == "Tf":
            cur_font = str(operands[0])
        if op in TEXT_OPS or op in PAINT_OPS:
            if not any(stack):
                untagged += 1
                if first_bad is None:
                    first_bad = (k, op)
        if op in TEXT_OPS and cur_font is not None and cur_font in fonts:
            f = fonts[cur_font]
            two = f.get("/Subtype") == Name.Type0
            used.setdefault(cur_font, set()).update(shown_codes(operands, op, two))
    if stack:
        rep.fail(path, "%d marked-content sequences left open" % len(stack), pno)
    if untagged:
        rep.fail(path, "%d content items neither tagged nor artifacts (first: operator %d '%s')"
                 % (untagged, first_bad[0], first_bad[1]), pno)
    # the parent tree knows every MCID of the page
    sp = page.obj.get("/StructParents")
    if mcids:
        if sp is None:
            rep.fail(path, "page has marked content but no /StructParents", pno, objnum(page.obj))
        else:
            arr = parent_arrays.get(int(sp))
            if arr is None:
                rep.fail(path, "parent tree has no entry %d for the page" % int(sp), pno)
            else:
                for m in mcids:
                    if m >= len(arr) or not isinstance(arr[m], Dictionary):
                        rep.fail(path, "MCID %d missing from the parent tree" % m, pno)
    # fonts: embedded, ToUnicode for every glyph shown
    for name, codes in used.items():
        f = fonts[name]
        if not font_embedded(f):
            rep.fail(path, "font %s (%s) is not embedded" % (name, f.get("/BaseFont")), pno,
                     objnum(f))
        tu = tounicode_codes(f)
        if tu is None:
            rep.fail(path, "font %s has no ToUnicode map" % name, pno, objnum(f))
            continue
        missing = sorted(c for c in codes if c not in tu)
        if missing:
            rep.fail(path, "font %s: %d glyphs shown without a ToUnicode entry (%s)"
                     % (name, len(missing), ", ".join("%04X" % c for c in missing[:5])),
                     pno, objnum(f))


def number_tree(node, out):
    if node is None:
        return
    if "/Nums" in node:
        nums = node.Nums
        for i in range(0, len(nums) - 1, 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        number_tree(kid, out)


def walk_struct(path, rep, root, rolemap, pages_by_obj):
    headings = []
    stack = [(root.get("/K"), None)]
    order = []

    def visit(k):
        if isinstance(k, Array):
            for x in k:
                visit(x)
        elif isinstance(k, Dictionary) and "/S" in k:
            order.append(k)
            visit(k.get("/K"))

    visit(root.get("/K"))
    link_objr = {}
    for e in order:
        role = role_of(e, rolemap)
        n = objnum(e)
        if role == "Figure":
            alt = e.get("/Alt")
            if alt is None or str(alt).strip() == "":
                rep.fail(path, "Figure without alternative text (/Alt)", obj=n)
        m = HEADING.match(role)
        if m:
            headings.append((int(m.group(1)), n))
        if role == "Table":
            ths = []
            todo = [e.get("/K")]
            while todo:
                k = todo.pop()
                if isinstance(k, Array):
                    todo.extend(list(k))
                elif isinstance(k, Dictionary) and "/S" in k:
                    if role_of(k, rolemap) == "TH":
                        ths.append(k)
                    todo.append(k.get("/K"))
            if not ths:
                rep.fail(path, "Table without header cells (TH)", obj=n)
            for th in ths:
                a = th.get("/A")
                attrs = a if isinstance(a, Array) else [a] if a is not None else []
                if not any(isinstance(x, Dictionary) and "/Scope" in x for x in attrs) \
                        and "/Headers" not in th:
                    rep.fail(path, "TH without /Scope", obj=objnum(th))
                    break
        if role == "Link":
            kids = e.get("/K")
            kids = kids if isinstance(kids, Array) else [kids]
            for k in kids:
                if isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR:
                    link_objr[objnum(k.Obj)] = e
    prev = 0
    for lv, n in headings:
        if lv > prev + 1:
            rep.fail(path, "heading level skipped: H%d after H%d" % (lv, prev), obj=n)
        prev = lv
    return link_objr


def xmp_values(pdf):
    meta = pdf.Root.get("/Metadata")
    if meta is None:
        return None
    text = meta.read_bytes().decode("utf-8", "replace")

    def tag(name):
        m = re.search(r"<%s>(.*?)</%s>" % (name, name), text, re.S)
        return m.group(1) if m else None

    def li(name):
        m = re.search(r"<%s>.*?<rdf:li[^>]*>(.*?)</rdf:li>" % name, text, re.S)
        return m.group(1) if m else None

    unesc = lambda s: None if s is None else \
        s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return {
        "part": tag("pdfaid:part"), "conformance": tag("pdfaid:conformance"),
        "ua": tag("pdfuaid:part"), "title": unesc(li("dc:title")),
        "creator": unesc(li("dc:creator")), "producer": unesc(tag("pdf:Producer")),
        "create": tag("xmp:CreateDate"), "modify": tag("xmp:ModifyDate"),
        "filtered": "/Filter" in meta,
    }


def pdf_date_to_iso(d):
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})", d or "")
    if not m:
        return None
    return "%s-%s-%sT%s:%s:%s" % m.groups()


def check_file(path, rep):
    try:
        pdf = pikepdf.open(path)
    except Exception as e:
        rep.fail(path, "cannot be opened: %s" % e)
        return
    with open(path, "rb") as fp:
        head = fp.read(16)
    if not head.startswith(b"%PDF-1.7"):
        rep.fail(path, "header is %r, not %%PDF-1.7" % head[:8])
    ids = pdf.trailer.get("/ID")
    if ids is None or len(ids) != 2 or len(bytes(ids[0])) != 16:
        rep.fail(path, "trailer has no /ID of two 16-byte strings")
    root = pdf.Root
    mi = root.get("/MarkInfo")
    if mi is None or not bool(mi.get("/Marked", False)):
        rep.fail(path, "not tagged: /MarkInfo /Marked is not true", obj=objnum(root))
    lang = root.get("/Lang")
    if lang is None or str(lang).strip() == "":
        rep.fail(path, "catalog has no /Lang", obj=objnum(root))
    vp = root.get("/ViewerPreferences")
    if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
        rep.fail(path, "ViewerPreferences /DisplayDocTitle is not true", obj=objnum(root))
    info = pdf.trailer.get("/Info")
    if info is None or "/Title" not in info:
        rep.fail(path, "information dictionary has no /Title")
    # XMP
    x = xmp_values(pdf)
    if x is None:
        rep.fail(path, "no XMP metadata stream", obj=objnum(root))
    else:
        if x["filtered"]:
            rep.fail(path, "XMP metadata stream is filtered")
        if x["part"] != "2" or x["conformance"] != "B":
            rep.fail(path, "XMP does not say PDF/A-2 B (pdfaid %s %s)" % (x["part"],
                                                                        x["conformance"]))
        if x["ua"] != "1":
            rep.fail(path, "XMP does not say PDF/UA-1 (pdfuaid:part %s)" % x["ua"])
        if info is not None:
            pairs = [("title", "/Title"), ("creator", "/Author"), ("producer", "/Producer")]
            for key, ik in pairs:
                iv = str(info[ik]) if ik in info else None
                if iv != x[key]:
                    rep.fail(path, "XMP %s %r differs from Info %s %r" % (key, x[key], ik, iv))
            for key, ik in (("create", "/CreationDate"), ("modify", "/ModDate")):
                iv = pdf_date_to_iso(str(info[ik])) if ik in info else None
                xv = x[key][:19] if x[key] else None
                if iv != xv:
                    rep.fail(path, "XMP %s date %r differs from Info %s %r" % (key, xv, ik, iv))
    # output intent
    ois = root.get("/OutputIntents")
    if not ois or not any(o.get("/S") == Name.GTS_PDFA1 and "/DestOutputProfile" in o
                          for o in ois):
        rep.fail(path, "no GTS_PDFA1 output intent with an ICC profile", obj=objnum(root))
    # structure
    st = root.get("/StructTreeRoot")
    parent_arrays = {}
    link_objr = {}
    if st is None:
        rep.fail(path, "no structure tree (StructTreeRoot)", obj=objnum(root))
    else:
        number_tree(st.get("/ParentTree"), parent_arrays)
        link_objr = walk_struct(path, rep, st, st.get("/RoleMap"), None)
    for pno, page in enumerate(pdf.pages, 1):
        check_page(path, rep, pdf, pno, page, parent_arrays)
        annots = page.obj.get("/Annots", [])
        if len(annots) and page.obj.get("/Tabs") != Name.S:
            rep.fail(path, "page with annotations lacks /Tabs /S", pno, objnum(page.obj))
        for a in annots:
            n = objnum(a)
            flags = int(a.get("/F", 0))
            if not flags & 4 or flags & 2 or flags & 1:
                rep.fail(path, "annotation does not print (/F %d)" % flags, pno, n)
            if a.get("/Subtype") != Name.Link:
                continue
            if "/Contents" not in a or str(a.Contents).strip() == "":
                rep.fail(path, "link without /Contents", pno, n)
            sp = a.get("/StructParent")
            elem = parent_arrays.get(int(sp)) if sp is not None else None
            if elem is None or not isinstance(elem, Dictionary) or \
                    role_of(elem, st.get("/RoleMap") if st is not None else None) != "Link":
                rep.fail(path, "link annotation not in a Link structure element", pno, n)
            elif n not in link_objr:
                rep.fail(path, "Link element has no OBJR to its annotation", pno, n)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: check_pdf.py FILE_OR_FOLDER ...\n")
        return 2
    files = []
    for a in argv[1:]:
        if os.path.isdir(a):
            for d, _, names in sorted(os.walk(a)):
                files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".pdf")]
        else:
            files.append(a)
    if not files:
        sys.stderr.write("check_pdf.py: no PDF files in %s\n" % " ".join(argv[1:]))
        return 2
    rep = Report()
    for f in files:
        check_file(f, rep)
    print("check_pdf: %d file%s, %d failure%s" % (len(files), "" if len(files) == 1 else "s",
                                                 rep.failures, "" if rep.failures == 1 else "s"))
    return 1 if rep.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
