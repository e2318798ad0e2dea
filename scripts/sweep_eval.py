"""What scripts/fit-ocr-parameters and scripts/fit-scoring-weight share: one `cardscan eval`
run with a candidate model file, and the score a sweep ranks candidates by."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

FIELDS = ["name", "title", "company", "address", "phones", "emails", "websites"]


def run_eval(binary: Path, folder: str, flag: str, model: dict, cache: Path, extra: tuple = ()) -> dict:
    """`cardscan eval FOLDER --json` with `model` written to a temporary file passed as `flag`
    (`--ocr-parameters` or `--weights`), reading OCR through the cache folder `cache`; `extra`
    are further arguments (`--skip-stage find-cards`)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(model, handle)
        path = handle.name
    try:
        cache.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        result = subprocess.run(
            [str(binary), "eval", folder, "--json", flag, path, "--ocr-cache", str(cache), *extra],
            capture_output=True, text=True, env=env)
        if result.returncode not in (0, 1):
            sys.exit(f"cardscan eval failed ({result.returncode}): {result.stderr.strip()[-500:]}")
        return json.loads(result.stdout)
    finally:
        os.unlink(path)


def score(report: dict) -> tuple:
    """The mean F1 of FIELDS (rounded to 4 places), then the share of cards all right."""
    fields = report["fields"]
    mean_f1 = sum(fields[f]["f1"] for f in FIELDS if f in fields) / len(FIELDS)
    return (round(mean_f1, 4), report["all_right_share"])
