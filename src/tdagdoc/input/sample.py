"""Synthetic partnership data for trials and benchmarks: valid, varied, reproducible.

``generate(n, seed)`` returns plain data (dicts, lists, strings, numbers) that
:func:`tdagdoc.input.sources.validate` accepts: every partner named in the six languages
(country names as the UN writes them, so the other scripts are real), agreements with one to
three partners, regions and priorities, contributions in USD, CHF and EUR, ITU
co-funding, and a few names full of markup characters (``R&D <Labs>``) so that a
trial also exercises escaping. The same ``n`` and ``seed`` give the same data on
any machine: only :class:`random.Random` and Babel's tables are used.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
from decimal import Decimal
from functools import cache
from typing import Any

from tdagdoc.categories import Membership, PartnerType, Priority, Region
from tdagdoc.countries import codes, country_name
from tdagdoc.errors import TdagdocError
from tdagdoc.languages import LANGUAGE_CODES

DEFAULT_YEAR = 2024
CENT = Decimal("0.01")
RATES = {"USD": Decimal(1), "CHF": Decimal("1.1345"), "EUR": Decimal("1.0823")}

Names = dict[str, str]

_GOVERNMENT: tuple[Names, ...] = (
    {"en": "{c}, Ministry of Information and Communication Technologies",
     "fr": "{c}, Ministère des technologies de l'information et de la communication",
     "es": "{c}, Ministerio de Tecnologías de la Información y las Comunicaciones",
     "ru": "Министерство информационно-коммуникационных технологий, {c}",
     "ar": "{c}، وزارة تكنولوجيا المعلومات والاتصالات",
     "zh": "{c}信息通信技术部"},
    {"en": "{c}, Communications Regulatory Authority",
     "fr": "{c}, Autorité de régulation des communications",
     "es": "{c}, Autoridad Reguladora de las Comunicaciones",
     "ru": "Регуляторный орган связи, {c}",
     "ar": "{c}، هيئة تنظيم الاتصالات",
     "zh": "{c}通信管理局"},
    {"en": "{c}, Ministry of Digital Economy",
     "fr": "{c}, Ministère de l'économie numérique",
     "es": "{c}, Ministerio de Economía Digital",
     "ru": "Министерство цифровой экономики, {c}",
     "ar": "{c}، وزارة الاقتصاد الرقمي",
     "zh": "{c}数字经济部"},
)
_BY_TYPE: dict[PartnerType, tuple[Names, ...]] = {
    PartnerType.PRIVATE_SECTOR: (
        {"en": "{n} Networks", "fr": "{n} Networks", "es": "{n} Networks", "ru": "{n} Networks",
         "ar": "{n} Networks", "zh": "{n} Networks公司"},
        {"en": "{n} Digital Ltd", "fr": "{n} Digital Ltd", "es": "{n} Digital Ltd",
         "ru": "{n} Digital Ltd", "ar": "{n} Digital Ltd", "zh": "{n} Digital有限公司"},
    ),
    PartnerType.FOUNDATION_NGO: (
        {"en": "{n} Foundation", "fr": "Fondation {n}", "es": "Fundación {n}", "ru": "Фонд {n}",
         "ar": "مؤسسة {n}", "zh": "{n}基金会"},
    ),
    PartnerType.ACADEMIA: (
        {"en": "University of {n}", "fr": "Université de {n}", "es": "Universidad de {n}",
         "ru": "Университет {n}", "ar": "جامعة {n}", "zh": "{n}大学"},
    ),
    PartnerType.FINANCIAL_INSTITUTION: (
        {"en": "{n} Development Bank", "fr": "Banque de développement {n}",
         "es": "Banco de Desarrollo {n}", "ru": "Банк развития {n}", "ar": "بنك {n} للتنمية",
         "zh": "{n}开发银行"},
    ),
    PartnerType.INTERGOVERNMENTAL: (
        {"en": "{n} Telecommunication Union", "fr": "Union des télécommunications {n}",
         "es": "Unión de Telecomunicaciones {n}", "ru": "Союз электросвязи {n}",
         "ar": "اتحاد {n} للاتصالات", "zh": "{n}电信联盟"},
    ),
    PartnerType.UN_ENTITY: (
        {"en": "United Nations {n} Programme", "fr": "Programme des Nations Unies {n}",
         "es": "Programa de las Naciones Unidas {n}", "ru": "Программа Организации "
         "Объединенных Наций {n}", "ar": "برنامج الأمم المتحدة {n}", "zh": "联合国{n}规划署"},
    ),
}
# Names a parser or a template engine could mistake for markup: they must print as is.
_AWKWARD: tuple[str, ...] = ("R&D <Labs> {n}", "*{n}* & Sons", '"{n}" {{ x }} Group')
_SYLLABLES = ("ka", "lo", "mi", "ra", "tel", "vo", "nex", "sa", "ti", "qu", "an", "bri",
              "dor", "en", "fa", "gi", "ho", "ix", "ju", "ze", "on", "per", "sol", "um")
_TYPE_WEIGHTS = {
    PartnerType.GOVERNMENT: 30, PartnerType.PRIVATE_SECTOR: 25, PartnerType.UN_ENTITY: 8,
    PartnerType.INTERGOVERNMENTAL: 8, PartnerType.ACADEMIA: 12,
    PartnerType.FOUNDATION_NGO: 10, PartnerType.FINANCIAL_INSTITUTION: 7,
}
_MEMBERSHIP: dict[PartnerType, tuple[Membership, ...]] = {
    PartnerType.GOVERNMENT: (Membership.MEMBER_STATE,) * 3 + (Membership.NONE,),
    PartnerType.PRIVATE_SECTOR: (Membership.SECTOR_MEMBER, Membership.ASSOCIATE,
                                 Membership.NONE, Membership.NONE),
    PartnerType.UN_ENTITY: (Membership.NONE,),
    PartnerType.INTERGOVERNMENTAL: (Membership.REGIONAL_ORGANIZATION, Membership.NONE),
    PartnerType.ACADEMIA: (Membership.ACADEMIA, Membership.NONE),
    PartnerType.FOUNDATION_NGO: (Membership.SECTOR_MEMBER, Membership.NONE, Membership.NONE),
    PartnerType.FINANCIAL_INSTITUTION: (Membership.SECTOR_MEMBER, Membership.NONE),
}


class SampleError(TdagdocError):
    """A request for sample data that cannot be met (a bad count or file name)."""


@cache
def _countries() -> tuple[tuple[str, Names], ...]:
    """Country names in the six languages, the UN's, in a stable order."""
    return tuple((c, {lang: country_name(c, lang) for lang in LANGUAGE_CODES})
                 for c in sorted(codes()))


def _proper_name(rng: random.Random) -> str:
    """A made-up proper name ("Telvora"), the same in every script, as brands are."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


# A few countries' UN status and groupings, enough for the sample to carry them (not a
# reference list: the data of a real report takes them from the UN's own lists).
_STATUS: dict[str, tuple[str, tuple[str, ...]]] = {
    **{c: ("developed", ()) for c in ("AT", "AU", "BE", "CA", "CH", "DE", "DK", "ES", "FI",
                                       "FR", "GB", "IE", "IT", "JP", "NL", "NO", "NZ", "SE",
                                       "US")},
    **{c: ("developing", ("ldc",)) for c in ("BD", "SN")},
    **{c: ("developing", ("ldc", "lldc")) for c in ("AF", "ET", "NP", "RW", "UG")},
    **{c: ("developing", ("sids",)) for c in ("BB", "FJ", "JM", "MV")},
    **{c: ("developing", ("lldc", "transition")) for c in ("AM", "KZ", "UZ")},
    **{c: ("developing", ()) for c in ("AE", "BR", "CN", "EG", "IN", "KE", "MX", "ZA")},
}


def _partners(rng: random.Random, count: int) -> list[dict[str, Any]]:
    countries = _countries()
    types, weights = zip(*_TYPE_WEIGHTS.items(), strict=True)
    out: list[dict[str, Any]] = []
    for i in range(count):
        kind = rng.choices(types, weights)[0]
        awkward = i % 50 == 7  # one partner in fifty has a name full of markup characters
        if awkward:
            kind = PartnerType.PRIVATE_SECTOR
        if kind is PartnerType.GOVERNMENT:
            _, country = countries[i % len(countries)]
            pattern = _GOVERNMENT[(i // len(countries)) % len(_GOVERNMENT)]
            names = {lang: pattern[lang].format(c=country[lang]) for lang in LANGUAGE_CODES}
            if i >= len(countries) * len(_GOVERNMENT):  # more ministries than patterns
                names = {lang: f"{text} ({i})" for lang, text in names.items()}
            code = countries[i % len(countries)][0]
            extra: dict[str, Any] = {"country": code}
            if code in _STATUS:
                extra["development"], groupings = _STATUS[code]
                if groupings:
                    extra["groupings"] = list(groupings)
        else:
            extra = {}
            proper = _proper_name(rng)
            if awkward:
                names = dict.fromkeys(LANGUAGE_CODES,
                                      _AWKWARD[i // 50 % len(_AWKWARD)].format(n=proper))
            else:
                pattern = rng.choice(_BY_TYPE[kind])
                names = {lang: pattern[lang].format(n=proper) for lang in LANGUAGE_CODES}
            names = {lang: f"{text} {i}" for lang, text in names.items()}  # unique names
        out.append({"id": f"p{i:06d}", "type": kind.value,
                    "membership": rng.choice(_MEMBERSHIP[kind]).value, "name": names, **extra})
    return out


def _money(value: Decimal) -> int | float:
    """An amount as a JSON/YAML number that reads back as the same Decimal."""
    return int(value) if value == value.to_integral_value() else float(value)


def _contributions(rng: random.Random, partners: list[str]) -> list[dict[str, Any]]:
    if rng.random() < 0.4:
        return []
    givers = partners if len(partners) == 1 else rng.sample(partners, rng.randint(1, 2))
    out = []
    for giver in givers:
        usd = Decimal(round(math.exp(rng.gauss(11.5, 1.6)), -2)).max(Decimal(1000))
        currency = rng.choices(("USD", "CHF", "EUR"), (75, 15, 10))[0]
        item: dict[str, Any] = {"amount": _money((usd / RATES[currency]).quantize(CENT))}
        if currency != "USD":
            item["currency"] = currency
            item["usd"] = _money(usd.quantize(CENT))
        if len(partners) > 1 or rng.random() < 0.3:
            item["by"] = giver
        out.append(item)
    if rng.random() < 0.15:  # ITU co-funding
        out.append({"amount": _money(Decimal(round(math.exp(rng.gauss(10, 1)), -2)).max(
            Decimal(500))), "by": "itu"})
    return out


def _agreements(rng: random.Random, count: int, year: int,
                partner_ids: list[str]) -> list[dict[str, Any]]:
    regions = [r.value for r in Region]
    priorities = [p.value for p in Priority]
    first = dt.date(year, 1, 1).toordinal()
    days = dt.date(year, 12, 31).toordinal() - first + 1
    # A few partners sign many agreements, most sign one or two (as in real lists).
    cum = list(itertools.accumulate(1 / (k + 1) ** 0.8 for k in range(len(partner_ids))))
    out = []
    for i in range(count):
        k = rng.choices((1, 2, 3), (80, 15, 5))[0]
        chosen = list(dict.fromkeys(rng.choices(partner_ids, cum_weights=cum, k=k)))
        signed = dt.date.fromordinal(first + rng.randrange(days))
        out.append({
            "id": f"A{year}-{i + 1:06d}",
            "signed": signed.isoformat(),
            "partners": chosen,
            "regions": rng.sample(regions, rng.choices((1, 2, 3), (75, 20, 5))[0]),
            "priorities": rng.sample(priorities, rng.choices((1, 2, 3), (60, 30, 10))[0]),
            "contributions": _contributions(rng, chosen),
        })
        if i % 10 == 3:  # a multi-year agreement, from its signature for two or three years
            out[-1]["start"] = signed.isoformat()
            out[-1]["end"] = dt.date(year + 2 + i % 2, 12, 31).isoformat()
    return out


_HIGHLIGHT: dict[str, Any] = {
    "text": {
        "en": "A paragraph of the year's own: *emphasis*, a link to the "
              "[ITU-D partners](https://www.itu.int/itu-d/sites/partners/)[^p] and a "
              "literal <b>tag</b> and {{ braces }}.",
        "fr": "Un paragraphe propre à l'année: *mise en relief*, un lien vers les "
              "[partenaires de l'UIT-D](https://www.itu.int/itu-d/sites/partners/)[^p] et une "
              "<b>balise</b> et des {{ accolades }} littérales.",
        "es": "Un párrafo propio del año: *énfasis*, un enlace a los "
              "[asociados del UIT-D](https://www.itu.int/itu-d/sites/partners/)[^p] y una "
              "<b>etiqueta</b> y unas {{ llaves }} literales.",
        "ru": "Собственный абзац года: *выделение*, ссылка на "
              "[партнеров МСЭ-D](https://www.itu.int/itu-d/sites/partners/)[^p], а также "
              "буквальные <b>тег</b> и {{ скобки }}.",
        "ar": "فقرة خاصة بالسنة: *تأكيد*، ورابط إلى "
              "[شركاء قطاع تنمية الاتصالات](https://www.itu.int/itu-d/sites/partners/)[^p]، "
              "و<b>وسم</b> و{{ أقواس }} حرفية.",
        "zh": "本年度的专门段落：*强调*、指向[ITU-D合作伙伴](https://www.itu.int/itu-d/sites/"
              "partners/)[^p]的链接，以及按原样显示的<b>标签</b>和{{ 括号 }}。",
    },
    "notes": {"p": {"en": "Synthetic data.", "fr": "Données fictives.", "es": "Datos ficticios.",
                    "ru": "Условные данные.", "ar": "بيانات افتراضية.", "zh": "虚拟数据。"}},
}


def _rates(year: int, agreements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A UN operational rate (units per USD) for each foreign currency and month of the year,
    and every other contribution in such a currency left without ``usd``, to be valued
    from them (no random draw, so the data of a seed stays what it was)."""
    rates = [{"currency": code, "month": f"{year}-{m:02d}",
              "per_usd": _money((1 / usd_each).quantize(Decimal("0.000001")))}
             for code, usd_each in RATES.items() if code != "USD" for m in range(1, 13)]
    foreign = (c for a in agreements for c in a["contributions"] if "usd" in c)
    for i, c in enumerate(foreign):
        if i % 2:
            del c["usd"]
    return rates


def _in_kind(agreements: list[dict[str, Any]]) -> None:
    """Every ninth partner contribution made in kind (experts, equipment), without a draw."""
    given = (c for a in agreements for c in a["contributions"] if c.get("by") != "itu")
    for i, c in enumerate(given):
        if i % 9 == 4:
            c["kind"] = "in-kind"


def _history(rng: random.Random, count: int, year: int) -> list[dict[str, Any]]:
    out = []
    for y in range(year - 4, year):
        agreements = max(1, round(count * rng.uniform(0.65, 1.0)))
        financial = round(agreements * rng.uniform(0.5, 0.65))
        usd = Decimal(round(financial * rng.uniform(250_000, 700_000), -4))
        out.append({"year": y, "agreements": agreements, "financial_agreements": financial,
                    "usd": _money(usd)})
    return out


def _document(year: int) -> dict[str, Any]:
    yy = (year + 1) % 100
    geneva = {"en": "Geneva", "fr": "Genève", "es": "Ginebra", "ru": "Женева", "ar": "جنيف",
              "zh": "日内瓦"}
    switzerland = {"en": "Switzerland", "fr": "Suisse", "es": "Suiza", "ru": "Швейцария",
                   "ar": "سويسرا", "zh": "瑞士"}
    return {
        "meeting": {"number": 32, "city": geneva, "country": switzerland,
                    "start": f"{year + 1}-05-19", "end": f"{year + 1}-05-22"},
        "number": f"TDAG-{yy:02d}/7",
        "date": f"{year + 1}-04-22",
        "source": {"en": "Director, Telecommunication Development Bureau",
                   "fr": "Directeur du Bureau de développement des télécommunications",
                   "es": "Director de la Oficina de Desarrollo de las Telecomunicaciones",
                   "ru": "Директор Бюро развития электросвязи",
                   "ar": "مدير مكتب تنمية الاتصالات", "zh": "电信发展局主任"},
        "title": {"en": "Partnerships and resource mobilization in ITU-D (synthetic data)",
                  "fr": "Partenariats et mobilisation de ressources à l'UIT-D (données fictives)",
                  "es": "Asociaciones y movilización de recursos en el UIT-D (datos ficticios)",
                  "ru": "Партнерские отношения и мобилизация ресурсов в МСЭ-D "
                        "(условные данные)",
                  "ar": "الشراكات وتعبئة الموارد في قطاع تنمية الاتصالات (بيانات افتراضية)",
                  "zh": "国际电联电信发展部门的伙伴关系和资源调动（虚拟数据）"},
        "inf_document": f"TDAG-{yy:02d}/INF/1",
        "contact": {
            "name": dict.fromkeys(LANGUAGE_CODES, "Ms A. Example"),
            "post": {"en": "Partnerships Officer", "fr": "Chargée des partenariats",
                     "es": "Oficial de Asociaciones", "ru": "сотрудник по партнерствам",
                     "ar": "موظفة الشراكات", "zh": "伙伴关系干事"},
            "phone": "+41 22 730 0000",
            "email": "partnerships@example.org",
        },
    }


def generate(agreements: int, seed: int = 0, year: int = DEFAULT_YEAR) -> dict[str, Any]:
    """A data set of ``agreements`` agreements signed in ``year``, reproducible from ``seed``.

    Partners number about a quarter of the agreements (at least ten), so a few
    partners sign many agreements and most sign one, as in real lists.

    >>> data = generate(50, seed=1)
    >>> len(data["agreements"]), len(data["partners"])
    (50, 12)
    >>> generate(50, seed=1) == data
    True
    """
    if agreements < 1:
        raise SampleError(f"--agreements must be at least 1, got {agreements}")
    if not 1994 <= year <= 2099:  # four years of history from 1990; the meeting next year
        raise SampleError(f"--year must be from 1994 to 2099, got {year}")
    rng = random.Random(f"tdagdoc-sample/{agreements}/{seed}/{year}")
    partners = _partners(rng, max(10, agreements // 4))
    ids = [p["id"] for p in partners]
    rng.shuffle(ids)  # the prolific partners are of any type
    listed = _agreements(rng, agreements, year, ids)
    _in_kind(listed)
    for i, partner in enumerate(partners):  # a fifth are new this year (no random draw)
        partner["first_agreement"] = year if i % 5 == 0 else year - 1 - i % 6
    return {
        "year": year,
        "document": _document(year),
        "partners": partners,
        "agreements": listed,
        "history": _history(rng, agreements, year),
        "rates": _rates(year, listed),
        "highlights": [_HIGHLIGHT],
        "results_note": {"text": {
            "en": "These figures are *synthetic*: they describe no real year.",
            "fr": "Ces chiffres sont *fictifs*: ils ne décrivent aucune année réelle.",
            "es": "Estas cifras son *ficticias*: no describen ningún año real.",
            "ru": "Эти цифры *условные*: они не описывают ни один реальный год.",
            "ar": "هذه الأرقام *افتراضية*: ولا تصف أي سنة فعلية.",
            "zh": "这些数字是*虚拟的*，不反映任何实际年份。"}},
    }


def dumps(data: dict[str, Any], suffix: str) -> str:
    """Data as JSON (``.json``) or YAML (``.yaml``/``.yml``) text."""
    suffix = suffix.lower()
    if suffix == ".json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if suffix in (".yaml", ".yml"):
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    raise SampleError(f"cannot tell the format from {suffix or 'no extension'!r}: "
                      "name the file .json, .yaml or .yml")

