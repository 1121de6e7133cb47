"""Make the CJK font that lossnotes ships: a subset of Noto Sans CJK SC (SIL OFL 1.1).

Usage (from the repository root; needs Debian's ``fonts-noto-cjk`` or any copy of the
Noto Sans CJK Regular collection):

    python tools/subset_font.py [--source /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]

Writes ``lossnotes/fonts/LossnotesCJKSC-Regular.otf`` and its licence ``OFL.txt``.

Why a subset shipped inside the package: the font then reaches every channel that can install
lossnotes (JupyterLab, Voilà, Binder, Colab, static export) with no network and no system
package, and it is small.  Which characters: every hanzi of GB 2312 (6,763, the set that
covers everyday simplified Chinese text) plus every CJK character used by the lossnotes
catalogues and translations (so a rarer character in a translation is never a box), the CJK
symbols and punctuation block, full-width forms, and Chinese quotation marks.  Latin letters,
digits, Greek and mathematical symbols are left out on purpose: matplotlib falls back to its
own DejaVu Sans for them (lossnotes puts this font first and the usual family after it), so
formulas and numbers look exactly as in the English edition.

The family is renamed "Lossnotes CJK SC": a Modified Version under the OFL, which keeps the
licence and uses no Reserved Font Name ("Source").  Re-run after translations add characters
outside GB 2312; tests/test_i18n.py fails if a catalogue character is missing from the font.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "lossnotes" / "fonts"
OUT = OUT_DIR / "LossnotesCJKSC-Regular.otf"
FAMILY = "Lossnotes CJK SC"
PS_NAME = "LossnotesCJKSC-Regular"
DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OFL_SOURCES = ["/usr/share/doc/fonts-noto-cjk/copyright"]

CJK_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—]")


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


def project_characters():
    """CJK characters used by the catalogues and translation files in this checkout."""
    found = set()
    paths = list((ROOT / "lossnotes" / "locale").rglob("*.po")) + list((ROOT / "translations").rglob("*.md"))
    for path in paths:
        found.update(CJK_RE.findall(path.read_text(encoding="utf-8")))
    return found


def unicodes():
    codepoints = {ord(c) for c in gb2312_hanzi()}
    codepoints |= {ord(c) for c in project_characters()}
    codepoints |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    codepoints |= set(range(0xFF01, 0xFF5F))  # full-width forms
    codepoints |= {ord(c) for c in "“”‘’…—·"}
    return sorted(codepoints)


def rename(font):
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    for nid, value in {1: FAMILY, 3: f"{PS_NAME};lossnotes subset of Noto Sans CJK SC 2.004", 4: f"{FAMILY} Regular",
                       6: PS_NAME}.items():
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)
    name.setName("Subset of Noto Sans CJK SC (Adobe, Google) made by lossnotes tools/subset_font.py; "
                 "a Modified Version under the SIL Open Font License 1.1.", 10, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [PS_NAME]
        top = cff.topDictIndex[0]
        top.FullName = f"{FAMILY} Regular"
        top.FamilyName = FAMILY


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="Noto Sans CJK Regular .ttc (or SC .otf)")
    args = parser.parse_args(argv)
    source = Path(args.source)
    if source.suffix.lower() == ".ttc":
        fonts = TTCollection(str(source)).fonts
        font = next(f for f in fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    else:
        from fontTools.ttLib import TTFont
        font = TTFont(str(source))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    rename(font)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    font.save(str(OUT))
    licence = OUT_DIR / "OFL.txt"
    text = Path(OFL_SOURCES[0]).read_text(encoding="utf-8") if Path(OFL_SOURCES[0]).exists() else ""
    m = re.search(r"License: SIL-1.1\n( .*?)(?:\n\S|\Z)", text, re.S)
    body = "\n".join(line[1:] if line.startswith(" ") else line for line in m.group(1).splitlines()) if m else ""
    body = body.replace("\n.\n", "\n\n")
    licence.write_text(
        "LossnotesCJKSC-Regular.otf is a subset of Noto Sans CJK SC (Regular), renamed\n"
        f'"{FAMILY}" as the licence asks of a Modified Version, made by tools/subset_font.py.\n\n'
        "Copyright © 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at: https://openfontlicense.org\n\n"
        + body.strip() + "\n",
        encoding="utf-8",
    )
    print(f"{OUT.relative_to(ROOT)}: {len(font.getBestCmap())} characters, {OUT.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
