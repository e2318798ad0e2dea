#!/usr/bin/python3
"""Generates cardscan's multi-page test inputs (TIFF and PDF) from the synthetic cards.

Run after scripts/generate_cards.py (scripts/generate-test-images runs both): the pages are the
cards it drew, so the truth files here are copies of theirs, listed in page order.

    /usr/bin/python3 scripts/generate_pages.py [--out TestImages]

Writes:
  OUT/pages/two-cards.tif         2-page TIFF (deflate, 8-bit grey), one clean card per page
  OUT/pages/three-pages.pdf       3-page PDF: clean card, a 200-DPI scanner page, clean card
  OUT/broken/broken-page.pdf      3-page PDF whose page 2 has a damaged MediaBox (a height of
                                  156000000000 pt, as if digits were repeated)
  OUT/broken/encrypted.pdf        1-page PDF encrypted with an unknown user password
  OUT/broken/damaged-page.tif     two-cards.tif with noise over page 2's compressed pixels
and a truth file beside each file in pages/, and its section at the end of OUT/README.md. The PDFs are written by hand (below), not by a
library: page sizes follow each image's resolution, JPEG pages are embedded byte for byte, and
the broken file is broken exactly where the tests expect. Output is deterministic.
Needs Pillow (python3-pil).
"""

import argparse
import hashlib
import json
import sys
import zlib
from pathlib import Path

try:
    from PIL import Image
except ImportError:
    sys.exit("generate_pages.py needs Pillow: run scripts/install-deps --generator (python3-pil)")

# (source card, resolution it was drawn at): the "clean" cards are 300 DPI, the "scan" pages 200 DPI
TIFF_PAGES = [("001-clean.png", 300), ("010-clean.png", 300)]
PDF_PAGES = [("019-clean.png", 300), ("006-scan.jpg", 200), ("028-clean.png", 300)]
BROKEN_PAGES = [("001-clean.png", 300), ("019-clean.png", 300, "damaged-mediabox"), ("010-clean.png", 300)]
# Why not a page object missing from the file: poppler (22.12) then skips that entry of the page
# tree, so page 2 renders page 3 and page 3 fails; a damaged box keeps every page in its place.
# The DPI cardscan renders PDF pages at (Sources/CardOCR/PageReader.swift, pdfDPI).
RENDER_DPI = 300


def image_xobject(path):
    """The PDF image XObject (dictionary entries, stream bytes) for one card image."""
    im = Image.open(path)
    if path.suffix.lower() in (".jpg", ".jpeg"):
        space = {"L": "/DeviceGray", "RGB": "/DeviceRGB"}[im.mode]
        return (f"/Width {im.width} /Height {im.height} /ColorSpace {space} /BitsPerComponent 8 "
                f"/Filter /DCTDecode", path.read_bytes(), im.size)
    grey = im.convert("L")
    return (f"/Width {grey.width} /Height {grey.height} /ColorSpace /DeviceGray /BitsPerComponent 8 "
            f"/Filter /FlateDecode", zlib.compress(grey.tobytes(), 9), grey.size)


class PDF:
    """A minimal PDF 1.4 writer: numbered objects, one xref table, a trailer."""

    def __init__(self):
        self.objects = {}

    def add(self, number, body):
        self.objects[number] = body if isinstance(body, bytes) else body.encode("latin-1")

    def stream(self, number, entries, data):
        self.add(number, f"<< {entries} /Length {len(data)} >>\nstream\n".encode("latin-1") + data + b"\nendstream")

    def write(self, path, trailer_extra=""):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for number in sorted(self.objects):
            offsets[number] = len(out)
            out += f"{number} 0 obj\n".encode("latin-1") + self.objects[number] + b"\nendobj\n"
        size = max(self.objects) + 1
        xref = len(out)
        out += f"xref\n0 {size}\n0000000000 65535 f \n".encode("latin-1")
        for number in range(1, size):
            if number in offsets:
                out += f"{offsets[number]:010d} 00000 n \n".encode("latin-1")
            else:
                out += b"0000000000 65535 f \n"
        out += f"trailer\n<< /Size {size} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n".encode("latin-1")
        path.write_bytes(bytes(out))


def write_pdf(path, pages, cards_dir, missing_page_object=None, encrypt=False):
    """Writes `pages`: (source name, DPI) or (source name, DPI, "damaged-mediabox")."""
    pdf = PDF()
    kids = []
    for i, page in enumerate(pages):
        page_obj, content_obj, image_obj = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        kids.append(f"{page_obj} 0 R")
        name, dpi = page[:2]
        entries, data, (w, h) = image_xobject(cards_dir / name)
        pw, ph = w * 72 / dpi, h * 72 / dpi
        box = f"[0 0 {pw:.4f} {ph:.4f}]"
        if page[2:] == ("damaged-mediabox",):
            box = f"[0 0 {pw:.4f} 156000000000]"
        pdf.stream(image_obj, f"/Type /XObject /Subtype /Image {entries}", data)
        pdf.stream(content_obj, "", f"q {pw:.4f} 0 0 {ph:.4f} 0 0 cm /Im0 Do Q".encode("latin-1"))
        pdf.add(page_obj, f"<< /Type /Page /Parent 2 0 R /MediaBox {box} "
                          f"/Resources << /XObject << /Im0 {image_obj} 0 R >> >> /Contents {content_obj} 0 R >>")
    pdf.add(1, "<< /Type /Catalog /Pages 2 0 R >>")
    pdf.add(2, f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>")
    extra = ""
    if encrypt:
        # Standard security handler, RC4 40-bit (PDF 1.7, 7.6.3). /O and /U are arbitrary 32-byte
        # values, so no password (the empty one included) opens the file: a reader must refuse it
        # as password-protected. The streams are not really encrypted; nobody can get that far.
        digest = hashlib.sha256(b"cardscan encrypted.pdf").hexdigest()
        pdf.add(90, f"<< /Filter /Standard /V 1 /R 2 /O <{digest}> /U <{digest[::-1]}> /P -4 >>")
        extra = f"/Encrypt 90 0 R /ID [<{digest[:32]}> <{digest[:32]}>] "
    pdf.write(path, extra)


def write_damaged_tiff(source, path):
    """Copies a 2-page TIFF, overwriting the middle of page 2's first compressed strip with
    deterministic noise: its structure stays intact, its pixels cannot be decoded."""
    data = bytearray(source.read_bytes())
    with Image.open(source) as im:
        im.seek(1)
        offset, length = im.tag_v2[273][0], im.tag_v2[279][0]
    noise = hashlib.sha256(b"cardscan damaged-page.tif").digest() * 64
    start = offset + length // 3
    span = min(len(noise), length // 3)
    data[start:start + span] = noise[:span]
    path.write_bytes(bytes(data))


def truth_for(pages, cards_dir, kind, render_dpi=None):
    """The truth file of a multi-page file: each page's cards in page order, with boxes in the
    pixel coordinates cardscan sees (PDF pages rendered at `render_dpi`)."""
    cards = []
    for page in pages:
        if page[2:]:
            continue  # a damaged page: nothing can be read on it
        name, dpi = page[:2]
        truth = json.loads((cards_dir / Path(name).with_suffix("").with_suffix(".truth.json").name).read_text("utf-8"))
        for card in truth["cards"]:
            card = dict(card)
            if render_dpi and card.get("bbox"):
                scale = render_dpi / dpi
                card["bbox"] = [round(v * scale) for v in card["bbox"]]
            cards.append(card)
    return {"cards": cards, "kind": kind, "languages": "eng"}


def write_json(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


README_SECTION = """<!-- pages: written by scripts/generate_pages.py -->
## Multi-page files (`scripts/generate_pages.py`)

Made from the cards above by `scripts/generate_pages.py` (run by `scripts/generate-test-images`
after `generate_cards.py`; deterministic). Truth files list the cards in page order; PDF boxes
are in the pixels of a page rendered at 300 DPI.

- `pages/two-cards.tif`: 2-page TIFF (deflate, 8-bit grey), cards `001-clean` and `010-clean`.
- `pages/three-pages.pdf`: 3 pages: `019-clean` (a 3.35x2.17 in page), the Letter scanner page
  `006-scan` (200 DPI, its JPEG embedded unchanged), `028-clean`.
- `broken/broken-page.pdf`: 3 pages, `001-clean`, a page whose MediaBox height is 156000000000 pt
  (damaged digits), `010-clean`: pages 1 and 3 must be read (their truth is
  `pages/two-cards.truth.json`), page 2 reported.
- `broken/damaged-page.tif`: `pages/two-cards.tif` with noise written over the middle of page 2's
  compressed pixels: page 1 must be read, page 2 reported.
- `broken/encrypted.pdf`: 1 page behind a user password nobody knows (Standard security handler):
  refused as password-protected.
"""


def update_readme(path):
    """Replaces (or appends) this script's section of TestImages/README.md."""
    text = path.read_text("utf-8") if path.exists() else ""
    marker = README_SECTION.splitlines()[0]
    if marker in text:
        text = text[: text.index(marker)].rstrip("\n") + "\n"
    path.write_text(text + ("\n" if text else "") + README_SECTION, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("TestImages"))
    args = parser.parse_args()
    cards_dir = args.out / "cards"
    pages_dir = args.out / "pages"
    broken_dir = args.out / "broken"
    pages_dir.mkdir(parents=True, exist_ok=True)
    broken_dir.mkdir(parents=True, exist_ok=True)

    frames = [Image.open(cards_dir / name).convert("L") for name, _ in TIFF_PAGES]
    frames[0].save(pages_dir / "two-cards.tif", save_all=True, append_images=frames[1:],
                   compression="tiff_adobe_deflate", dpi=(300, 300))
    write_json(pages_dir / "two-cards.truth.json", truth_for(TIFF_PAGES, cards_dir, "multipage-tiff"))

    write_damaged_tiff(pages_dir / "two-cards.tif", broken_dir / "damaged-page.tif")

    write_pdf(pages_dir / "three-pages.pdf", PDF_PAGES, cards_dir)
    write_json(pages_dir / "three-pages.truth.json", truth_for(PDF_PAGES, cards_dir, "pdf", RENDER_DPI))

    write_pdf(broken_dir / "broken-page.pdf", BROKEN_PAGES, cards_dir)
    # No truth file in broken/ (everything there must fail or warn); its readable pages 1 and 3
    # are the cards of pages/two-cards.tif, whose truth file the tests use.
    assert [p[0] for p in BROKEN_PAGES if not p[2:]] == [name for name, _ in TIFF_PAGES]
    write_pdf(broken_dir / "encrypted.pdf", [("001-clean.png", 300)], cards_dir, encrypt=True)

    update_readme(args.out / "README.md")

    total = sum(p.stat().st_size for d in (pages_dir, broken_dir) for p in d.iterdir() if p.is_file())
    print(f"generate_pages.py: wrote pages/ and broken/*.pdf ({total / 1e6:.2f} MB with the other broken inputs)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
