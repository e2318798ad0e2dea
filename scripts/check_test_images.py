#!/usr/bin/python3
"""Checks TestImages: every truth file is well formed and matches its image.

    scripts/check_test_images.py [DIR ...]          structure, boxes, phone numbers
    scripts/check_test_images.py --ocr [DIR ...]    also token recall of plain tesseract --psm 11

DIR defaults to TestImages/cards and TestImages/samples. Needs Pillow (python3-pil); phone
numbers are checked only when the PyPI package phonenumbers is importable (the venv of
scripts/generate-test-images has it). The OCR check runs `tesseract` with OMP_THREAD_LIMIT=1,
one image at a time, and is a legibility check, not the project's benchmark.
Exit status 1 when a truth file is wrong.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image

try:
    import phonenumbers
except ImportError:
    phonenumbers = None

CARD_KEYS = {"name", "title", "department", "company", "address", "phones", "emails", "websites", "bbox"}
KINDS = {"work", "mobile", "fax", "other"}


def problems(img_path, truth):
    size = Image.open(img_path).size
    out = []
    if set(truth) - {"cards", "kind", "languages", "conditions"}:
        out.append(f"unknown top-level keys {set(truth) - {'cards', 'kind', 'languages', 'conditions'}}")
    if truth.get("languages") not in ("eng", "chi_sim+eng", "chi_tra+eng", "jpn+eng", "kor+eng", "Latin"):
        out.append(f"languages {truth.get('languages')!r}")
    if not truth.get("cards"):
        out.append("no cards")
    for i, c in enumerate(truth.get("cards", [])):
        if set(c) != CARD_KEYS:
            out.append(f"card {i}: keys {sorted(set(c) ^ CARD_KEYS)}")
            continue
        for k in ("name", "title", "department", "company", "address"):
            v = c[k]
            if v is not None and (not isinstance(v, str) or v != v.strip() or not v or "\n" in v):
                out.append(f"card {i}: {k} {v!r}")
        x, y, w, h = c["bbox"]
        if x < 0 or y < 0 or w <= 0 or h <= 0 or x + w > size[0] or y + h > size[1]:
            out.append(f"card {i}: bbox {c['bbox']} outside {size}")
        for p in c["phones"]:
            if p["kind"] not in KINDS:
                out.append(f"card {i}: phone kind {p['kind']!r}")
            if phonenumbers:
                num = phonenumbers.parse(p["e164"])
                region = phonenumbers.region_code_for_number(num)
                back = phonenumbers.parse(p["value"], region)
                if not phonenumbers.is_valid_number(num) or \
                        phonenumbers.format_number(back, phonenumbers.PhoneNumberFormat.E164) != p["e164"]:
                    out.append(f"card {i}: phone {p}")
        for e in c["emails"]:
            if not re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]{2,}", e):
                out.append(f"card {i}: email {e!r}")
    return out


def tokens(s):
    return [t.rstrip(",") for t in s.split() if t.rstrip(",")]


def ocr_recall(img_path, truth):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    lang = truth.get("languages") or "eng"
    text = subprocess.run(["tesseract", str(img_path), "-", "--psm", "11", "-l", lang],
                          capture_output=True, text=True, env=env).stdout
    chinese = any(m in lang for m in ("chi_sim", "chi_tra", "jpn"))  # scripts printed without spaces
    hay = text.replace(" ", "") if chinese else " ".join(text.split())
    want = []
    for c in truth["cards"]:
        for k in ("name", "title", "department", "company", "address"):
            if c[k]:
                want += tokens(c[k])
        for p in c["phones"]:
            want += tokens(p["value"])
        want += c["emails"] + c["websites"]
    found = [w for w in want if (w.replace(" ", "") if chinese else w) in hay]
    return len(found), len(want), [w for w in want if w not in found]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", default=["TestImages/cards", "TestImages/samples"])
    ap.add_argument("--ocr", action="store_true", help="also run tesseract and report token recall")
    args = ap.parse_args()
    if phonenumbers is None:
        print("check_test_images: phonenumbers not importable; phone numbers not checked", file=sys.stderr)
    bad = 0
    per_kind = {}
    for d in args.dirs:
        for tp in sorted(Path(d).glob("*.truth.json")):
            stem = tp.name[: -len(".truth.json")]
            imgs = [p for p in (tp.with_name(stem + ".png"), tp.with_name(stem + ".jpg")) if p.exists()]
            if len(imgs) != 1:
                print(f"{tp}: expected one image beside it, found {len(imgs)}")
                bad += 1
                continue
            truth = json.loads(tp.read_text(encoding="utf-8"))
            for msg in problems(imgs[0], truth):
                print(f"{imgs[0]}: {msg}")
                bad += 1
            if args.ocr:
                hit, total, missing = ocr_recall(imgs[0], truth)
                k = per_kind.setdefault(truth.get("kind"), [0, 0])
                k[0] += hit
                k[1] += total
                print(f"{imgs[0].name}: {hit}/{total}" + (f"  missing: {' '.join(missing)[:120]}" if missing else ""))
    for kind, (hit, total) in sorted(per_kind.items()):
        print(f"{kind}: {hit}/{total} truth tokens found by plain tesseract ({100 * hit / max(1, total):.0f}%)")
    print(f"check_test_images: {bad} problem(s)", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
