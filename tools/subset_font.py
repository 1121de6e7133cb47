"""Make the CJK fonts that lossnotes ships: subsets of Noto Sans CJK SC, Regular and Bold (SIL OFL 1.1).

Usage (from the repository root; needs Debian's ``fonts-noto-cjk`` and ``fonts-hanazono``, or any
copies of the Noto Sans CJK Regular and Bold collections and of HanaMinB):

    python tools/subset_font.py [--source-dir /usr/share/fonts/opentype/noto] [--extra /usr/share/fonts/truetype/hanazono/HanaMinB.ttf]

Writes, in ``lossnotes/fonts/``:

- ``LossnotesCJKSC-Regular.otf`` and ``LossnotesCJKSC-Bold.otf``: the same characters from Noto Sans
  CJK SC Regular and Bold, so that bold Chinese in a figure (``fontweight="bold"``) is bold;
- ``LossnotesCJKExt-Regular.otf``: the few characters that Noto Sans CJK does not have at all (rare
  characters of the shipped 论语/孟子 corpus in CJK Extensions B and E, such as 𫍙 and 𫛞), taken
  from HanaMinB (GlyphWiki, dual Hanazono Font License / SIL OFL 1.1) and converted to CFF outlines,
  scaled to 1000 units per em.  It is a serif (Ming) design: a fallback so that no character of the
  corpus is drawn as a box, not a style;
- ``OFL.txt``: the licence of all three.

Why subsets shipped inside the package: the fonts then reach every channel that can install
lossnotes (JupyterLab, Voilà, Binder, Colab, static export) with no network and no system
package.  Which characters: every hanzi of GB 2312 (6,763, the set that covers everyday
simplified Chinese text), every CJK character used by the catalogues, the translations, the Chinese
glossary and README.zh-CN.md (so a rarer character in a translation is never a box), every
character of the Chinese corpus ``lossnotes/data/lunyu_mengzi.txt`` (notebook 10 shows samples of
it), the CJK symbols and punctuation block, full-width forms, and Chinese quotation marks.  Latin
letters, digits, Greek and mathematical symbols are left out on purpose: matplotlib falls back to
its own DejaVu Sans for them (lossnotes puts these fonts right after the usual family), so formulas
and numbers look exactly as in the English edition.

The families are renamed "Lossnotes CJK SC" and "Lossnotes CJK Ext": Modified Versions under the
OFL, which keep the licence and use no Reserved Font Name ("Source"; "Hanazono Font", "HanaMinB").
Re-run after translations add characters outside GB 2312; tests/test_i18n.py and
tests/test_fonts.py fail if a character is missing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "lossnotes" / "fonts"
FAMILY = "Lossnotes CJK SC"
EXT_FAMILY = "Lossnotes CJK Ext"
WEIGHTS = ("Regular", "Bold")
OUT = {w: OUT_DIR / f"LossnotesCJKSC-{w}.otf" for w in WEIGHTS}
EXT_OUT = OUT_DIR / "LossnotesCJKExt-Regular.otf"
DEFAULT_SOURCE_DIR = "/usr/share/fonts/opentype/noto"
DEFAULT_EXTRA = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
OFL_SOURCES = ["/usr/share/doc/fonts-noto-cjk/copyright"]
CORPUS = ROOT / "lossnotes" / "data" / "lunyu_mengzi.txt"

CJK_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—\U00020000-\U0003134f]")


def gb2312_hanzi():
    """The 6,763 hanzi of GB 2312 (rows 16-87)."""
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def project_paths():
    """The files whose Chinese characters the fonts must have (besides GB 2312)."""
    paths = list((ROOT / "lossnotes" / "locale").rglob("*.po")) + list((ROOT / "translations").rglob("*.md"))
    paths += [p for p in [ROOT / "README.zh-CN.md", ROOT / "notebooks" / "zh" / "glossary.md", CORPUS] if p.exists()]
    return paths


def project_characters():
    """CJK characters used by the catalogues, translations and the Chinese corpus in this checkout."""
    found = set()
    for path in project_paths():
        found.update(CJK_RE.findall(path.read_text(encoding="utf-8")))
    return found


def unicodes():
    """Every code point the shipped fonts cover together."""
    codepoints = {ord(c) for c in gb2312_hanzi()}
    codepoints |= {ord(c) for c in project_characters()}
    codepoints |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    codepoints |= set(range(0xFF01, 0xFF5F))  # full-width forms
    codepoints |= {ord(c) for c in "“”‘’…—·"}
    return sorted(codepoints)


def _set_names(font, family, ps_name, style, description, note):
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    for nid, value in {1: family, 2: style, 3: f"{ps_name};{description}", 4: f"{family} {style}".replace(" Regular", " Regular"),
                       6: ps_name}.items():
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)
    name.setName(note, 10, 3, 1, 0x409)


def rename(font, weight):
    ps_name = f"LossnotesCJKSC-{weight}"
    _set_names(font, FAMILY, ps_name, weight, "lossnotes subset of Noto Sans CJK SC 2.004",
               "Subset of Noto Sans CJK SC (Adobe, Google) made by lossnotes tools/subset_font.py; "
               "a Modified Version under the SIL Open Font License 1.1.")
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps_name]
        top = cff.topDictIndex[0]
        top.FullName = f"{FAMILY} {weight}"
        top.FamilyName = FAMILY
        if hasattr(top, "Weight"):
            top.Weight = weight


def noto(source_dir, weight):
    fonts = TTCollection(str(Path(source_dir) / f"NotoSansCJK-{weight}.ttc")).fonts
    return next(f for f in fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")


def subset_noto(font, codepoints):
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    return font


def extension_font(extra, codepoints):
    """A CFF font of the ``codepoints`` (from the TrueType font ``extra``), 1000 units per em."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.transformPen import TransformPen

    source = TTFont(str(extra))
    cmap, glyphs = source.getBestCmap(), source.getGlyphSet()
    missing = [cp for cp in codepoints if cp not in cmap]
    if missing:
        raise SystemExit(f"{extra} lacks {''.join(map(chr, missing))}: no shipped font would have them")
    scale = 1000 / source["head"].unitsPerEm
    order, charstrings, metrics, new_cmap = [".notdef"], {}, {}, {}
    pen = T2CharStringPen(500, None)
    pen.moveTo((50, -120)), pen.lineTo((450, -120)), pen.lineTo((450, 880)), pen.lineTo((50, 880)), pen.closePath()
    charstrings[".notdef"], metrics[".notdef"] = pen.getCharString(), (500, 50)
    for cp in codepoints:
        name = f"uni{cp:04X}" if cp <= 0xFFFF else f"u{cp:05X}"
        glyph = glyphs[cmap[cp]]
        width = round(glyph.width * scale)
        pen = T2CharStringPen(width, None)
        glyph.draw(TransformPen(pen, (scale, 0, 0, scale, 0, 0)))
        charstrings[name] = pen.getCharString()
        order.append(name)
        new_cmap[cp] = name
        metrics[name] = (width, 0)
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(new_cmap)
    ps_name = "LossnotesCJKExt-Regular"
    fb.setupCFF(ps_name, {"FullName": f"{EXT_FAMILY} Regular", "FamilyName": EXT_FAMILY, "Weight": "Regular"},
                charstrings, {})
    fb.setupHorizontalMetrics(metrics)  # left side bearings are recomputed from the outlines on save
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": EXT_FAMILY, "styleName": "Regular", "psName": ps_name,
                       "uniqueFontIdentifier": f"{ps_name};lossnotes subset of HanaMinB 2017-09-04",
                       "description": "Subset of HanaMinB (GlyphWiki Project) made by lossnotes tools/subset_font.py: "
                                      "the characters Noto Sans CJK SC lacks. A Modified Version under the SIL Open "
                                      "Font License 1.1."})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120, usWeightClass=400,
                ulUnicodeRange2=1 << (59 - 32), ulCodePageRange1=1 << 18)
    fb.setupPost()
    return fb.font


def licence_text():
    text = Path(OFL_SOURCES[0]).read_text(encoding="utf-8") if Path(OFL_SOURCES[0]).exists() else ""
    m = re.search(r"License: SIL-1.1\n( .*?)(?:\n\S|\Z)", text, re.S)
    body = "\n".join(line[1:] if line.startswith(" ") else line for line in m.group(1).splitlines()) if m else ""
    body = body.replace("\n.\n", "\n\n")
    return (
        "LossnotesCJKSC-Regular.otf and LossnotesCJKSC-Bold.otf are subsets of Noto Sans CJK SC (Regular,\n"
        f'Bold), renamed "{FAMILY}" as the licence asks of a Modified Version, made by tools/subset_font.py.\n'
        "Copyright © 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.\n\n"
        "LossnotesCJKExt-Regular.otf is a subset of HanaMinB (the characters Noto Sans CJK SC lacks),\n"
        f'renamed "{EXT_FAMILY}", made by tools/subset_font.py. Copyright (c) 2011, GlyphWiki Project\n'
        '(kamichi@fonts.jp), with Reserved Font Name "Hanazono Font", "HanaMinA", "HanaMinB", "花園フォント",\n'
        '"花園明朝A", and "花園明朝B". HanaMinB is dual-licensed (Hanazono Font License or SIL OFL 1.1);\n'
        "lossnotes uses it under the SIL Open Font License 1.1.\n\n"
        "These Font Software are licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at: https://openfontlicense.org\n\n"
        + body.strip() + "\n"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", default=DEFAULT_SOURCE_DIR,
                        help="folder with NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc")
    parser.add_argument("--extra", default=DEFAULT_EXTRA, help="HanaMinB.ttf, for the characters Noto lacks")
    args = parser.parse_args(argv)
    wanted = unicodes()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    covered = None
    for weight in WEIGHTS:
        font = noto(args.source_dir, weight)
        have = set(font.getBestCmap())
        covered = have if covered is None else covered & have
        font = subset_noto(font, [cp for cp in wanted if cp in have])
        rename(font, weight)
        font.save(str(OUT[weight]))
        print(f"{OUT[weight].relative_to(ROOT)}: {len(font.getBestCmap())} characters, {OUT[weight].stat().st_size:,} bytes")
    rest = [cp for cp in wanted if cp not in covered]
    ext = extension_font(args.extra, rest)
    ext.save(str(EXT_OUT))
    print(f"{EXT_OUT.relative_to(ROOT)}: {len(rest)} characters ({''.join(map(chr, rest))}), {EXT_OUT.stat().st_size:,} bytes")
    (OUT_DIR / "OFL.txt").write_text(licence_text(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
