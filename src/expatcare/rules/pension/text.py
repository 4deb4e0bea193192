"""A readable report of a §5b result in German or English."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from expatcare.rules.errors import InputError
from expatcare.rules.pension.common import (
    ZERO,
    de_amount,
    de_date,
    en_amount,
)

_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Company pension (bAV): calculation as of {as_of}",
        "limits": "Limits {year}",
        "tax_free": "Tax-free (§ 3 Nr. 63 EStG)",
        "ss_free": "Free of social-security contributions (§ 1 Abs. 1 Nr. 9 SvEV)",
        "per_year": "EUR a year",
        "per_month": "EUR a month",
        "subsidy": "Employer subsidy (§ 1a Abs. 1a BetrAVG)",
        "contributions": "Monthly contributions",
        "employer": "Employer-funded",
        "deferral": "Deferred compensation",
        "total": "Total",
        "vesting": "Vesting",
        "employer_funded": "Employer-funded",
        "deferred": "Deferred compensation",
        "vested": "vested",
        "not_vested": "not vested",
        "vested_on": "vested on",
        "projection": "Projection",
        "capital": "Capital at retirement",
        "forfeited": "Forfeited on leaving",
        "assumptions": "Assumptions",
        "leaving": "On leaving ({date}, to {country})",
        "no_leaving": "No end of employment planned.",
        "notes": "Notes",
        "basis": "Legal basis",
        "source": "Source",
        "version": "Rule set",
        "disclaimer": "This is an estimate from the stated assumptions, not legal or tax advice.",
    },
    "de": {
        "title": "Betriebliche Altersversorgung: Berechnung zum {as_of}",
        "limits": "Grenzen {year}",
        "tax_free": "Steuerfrei (§ 3 Nr. 63 EStG)",
        "ss_free": "Beitragsfrei in der Sozialversicherung (§ 1 Abs. 1 Nr. 9 SvEV)",
        "per_year": "EUR im Jahr",
        "per_month": "EUR im Monat",
        "subsidy": "Arbeitgeberzuschuss (§ 1a Abs. 1a BetrAVG)",
        "contributions": "Monatliche Beiträge",
        "employer": "Arbeitgeberfinanziert",
        "deferral": "Entgeltumwandlung",
        "total": "Gesamt",
        "vesting": "Unverfallbarkeit",
        "employer_funded": "Arbeitgeberfinanziert",
        "deferred": "Entgeltumwandlung",
        "vested": "unverfallbar",
        "not_vested": "noch verfallbar",
        "vested_on": "unverfallbar ab",
        "projection": "Hochrechnung",
        "capital": "Kapital bei Rentenbeginn",
        "forfeited": "Verfällt beim Ausscheiden",
        "assumptions": "Annahmen",
        "leaving": "Beim Ausscheiden ({date}, nach {country})",
        "no_leaving": "Kein Ausscheiden geplant.",
        "notes": "Hinweise",
        "basis": "Rechtsgrundlage",
        "source": "Quelle",
        "version": "Regelstand",
        "disclaimer": "Schätzung auf Grundlage der genannten Annahmen, keine Rechts- oder "
        "Steuerberatung.",
    },
}


def render_text(result: Mapping[str, Any], lang: str) -> str:
    """A readable report of an ``evaluate_json`` result in German (``de``) or English (``en``)."""
    if lang not in _LABELS:
        raise InputError("lang", "must be 'de' or 'en'")
    t = _LABELS[lang]
    de = lang == "de"

    def amount(text: str) -> str:
        value = Decimal(text)
        return de_amount(value) if de else en_amount(value)

    def day(text: str) -> str:
        return de_date(date.fromisoformat(text)) if de else text

    def explained(obj: Mapping[str, Any]) -> str:
        return str(obj["explanation_de"] if de else obj["explanation"])

    def cite(obj: Mapping[str, Any]) -> str:
        return f"    {t['basis']}: {obj['legal_basis']}; {t['source']}: {obj['source']}"

    out: list[str] = [t["title"].format(as_of=day(result["as_of"])), ""]
    limits = result["limits"]
    out += [
        t["limits"].format(year=result["year"]),
        f"  {t['tax_free']}: {amount(limits['tax_free_annual_eur'])} {t['per_year']}",
        f"  {t['ss_free']}: {amount(limits['social_security_free_annual_eur'])} {t['per_year']}",
        "",
    ]
    subsidy = result["employer_subsidy"]
    out += [
        f"{t['subsidy']}: {amount(result['employer_subsidy_monthly_eur'])} {t['per_month']}",
        f"  {explained(subsidy)}",
        cite(subsidy),
        "",
    ]
    c = result["contributions"]
    out += [
        t["contributions"],
        f"  {t['employer']}: {amount(c['employer_monthly_eur'])} EUR",
        f"  {t['deferral']}: {amount(c['deferred_compensation_monthly_eur'])} EUR",
        f"  {t['subsidy']}: {amount(c['employer_subsidy_monthly_eur'])} EUR",
        f"  {t['total']}: {amount(c['total_monthly_eur'])} EUR",
        "",
        t["vesting"],
    ]
    for key, label in (
        ("employer_funded", "employer_funded"),
        ("deferred_compensation", "deferred"),
    ):
        status = result["vesting"][key]
        state = t["vested"] if status["vested"] else t["not_vested"]
        when = f" ({t['vested_on']} {day(status['vested_on'])})" if status["vested_on"] else ""
        out += [f"  {t[label]}: {state}{when}", f"    {explained(status)}", cite(status)]
    p = result["projection"]
    out += ["", t["projection"], f"  {t['capital']}: {amount(p['capital_at_retirement_eur'])} EUR"]
    if Decimal(p["forfeited_employer_funded_eur"]) > ZERO:
        out.append(f"  {t['forfeited']}: {amount(p['forfeited_employer_funded_eur'])} EUR")
    out.append(f"  {t['assumptions']}:")
    out += [f"    {k}: {v}" for k, v in p["assumptions"].items() if v != ""]
    out.append("")
    items = result["on_leaving"]
    if items:
        leaving = result["leaving"]
        out.append(t["leaving"].format(date=day(leaving["date"]), country=leaving["to_country"]))
        for item in items:
            out += [f"  {item['code']}", f"    {explained(item)}", cite(item)]
    else:
        out.append(t["no_leaving"])
    if result["notes"]:
        out += ["", t["notes"]]
        for note in result["notes"]:
            out += [f"  {note['code']} ({note['severity']})", f"    {explained(note)}"]
    out += ["", f"{t['version']}: {result['ruleset_version']}", t["disclaimer"]]
    return "\n".join(out) + "\n"
