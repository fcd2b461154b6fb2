"""Write ``src/tdagdoc/un-countries.csv`` from OCHA's Countries & Territories Taxonomy.

The taxonomy (shipped in the ``hdx-python-country`` wheel as
``hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv``) carries the
UNTERM short names of the UN Member States and observer States and the UN
Statistics Division's M49 names of the other countries and areas, in the six
languages. Run ``python scripts/build_un_countries.py PATH-TO-THAT-CSV``.

What this script changes, and why (each listed in ``FIXES``):

- UNTERM's Arabic index forms put the common noun in brackets with a dash where the
  name goes (``إيران (جمهورية - الإسلامية)``); running text writes the name in full
  (``جمهورية إيران الإسلامية``), as UN Arabic documents do.
- a few M49 cells of the taxonomy are in the wrong case or cut short (Russian
  "Аландских островов", Arabic "نائية التابعة للولايات المتحدة"); they are put in
  the nominative / written in full.
- Nauru: the taxonomy's UNTERM columns hold the local name "Naoero"; the UN's short
  name is "Nauru" (M49, UNTERM).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "tdagdoc" / "un-countries.csv"
LANGS = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian",
         "ar": "Arabic", "zh": "Chinese"}
FIXES: dict[tuple[str, str], str] = {
    ("NR", "en"): "Nauru", ("NR", "fr"): "Nauru", ("NR", "es"): "Nauru",
    ("NR", "ru"): "Науру", ("NR", "ar"): "ناورو",
    ("AX", "ru"): "Аландские острова",
    ("CC", "ru"): "Кокосовые (Килинг) острова",
    ("KY", "ru"): "Острова Кайман",
    ("CX", "ru"): "Остров Рождества",
    ("IO", "ar"): "إقليم المحيط الهندي البريطاني",
    ("TF", "ar"): "الأقاليم الجنوبية الفرنسية",
    ("UM", "ar"): "جزر الولايات المتحدة الصغيرة النائية",
    ("TL", "ar"): "تيمور - ليشتي",  # M49's spacing; the UNTERM cell lacks a space
}
NOT_PLACES = {"AQ", "BV", "HM"}  # uninhabited: no partner is from there


def arabic_running(name: str) -> str:
    """``إيران (جمهورية - الإسلامية)`` -> ``جمهورية إيران الإسلامية``; ``هولندا (مملكة _)``
    -> ``مملكة هولندا``."""
    m = re.fullmatch(r"(.+?) \((.+?) [-_–] ?(.*)\)", name)
    if not m:
        return name
    base, noun, rest = m.groups()
    return " ".join(x for x in (noun, base, rest) if x)


def main(source: str) -> None:
    with open(source, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        code = r["ISO 3166-1 Alpha 2-Codes"].strip()
        if not code or r["Deprecated"] == "Y" or code in NOT_PLACES:
            continue
        unterm = r["Appears in UNTERM list"] == "Y"
        names = {}
        for lang, col in LANGS.items():
            name = (r[f"{col} Short"] if unterm else "") or r[f"M49 {col}"]
            name = FIXES.get((code, lang), name).strip()
            if lang == "ar":
                name = arabic_running(name)
            names[lang] = name
        if not all(names.values()):
            continue  # not in the UN's lists in all six languages (e.g. TW)
        out.append([code, "unterm" if unterm else "m49", *names.values()])
    out.sort()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# UN names of countries and areas in the six languages, by ISO 3166 code.\n"
                 "# Source: OCHA Countries & Territories Taxonomy (hdx-python-country 4.2.5):\n"
                 "# UNTERM short names (source 'unterm': UN Member States, observer States,\n"
                 "# Cook Islands, Niue) and UNSD M49 names (source 'm49'); corrections in\n"
                 "# scripts/build_un_countries.py, which writes this file.\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "source", *LANGS])
        w.writerows(out)
    print(f"{len(out)} countries and areas -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
