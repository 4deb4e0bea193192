"""Plain-text report of an assessment for HR staff (``--format text``), in German or English.

It renders the JSON-able result of ``io.assess_json`` rather than the dataclasses, so a stored
result (with its ruleset_version) can be re-rendered later without re-running the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

__all__ = ["PATHWAY_NAMES", "render_assessment_text"]

Lang = Literal["de", "en"]

PATHWAY_NAMES: dict[str, dict[str, str]] = {
    "EU_FREE_MOVEMENT": {"en": "EU free movement", "de": "EU-Freizügigkeit"},
    "EXISTING_TITLE": {"en": "Existing residence title", "de": "Vorhandener Aufenthaltstitel"},
    "DE_BLUE_CARD": {"en": "EU Blue Card", "de": "Blaue Karte EU"},
    "DE_SKILLED_ACADEMIC": {
        "en": "Skilled worker with academic degree",
        "de": "Fachkraft mit akademischer Ausbildung",
    },
    "DE_SKILLED_VOCATIONAL": {
        "en": "Skilled worker with vocational training",
        "de": "Fachkraft mit Berufsausbildung",
    },
    "DE_ICT_CARD": {"en": "ICT card (intra-corporate transfer)", "de": "ICT-Karte"},
    "DE_RESEARCHER": {"en": "Researcher", "de": "Forschung"},
    "DE_EXPERIENCE_BASED": {
        "en": "Experienced professional (§ 6 BeschV)",
        "de": "Erfahrungssäule (§ 6 BeschV)",
    },
    "DE_WESTERN_BALKANS": {"en": "Western Balkans rule", "de": "Westbalkanregelung"},
    "DE_RECOGNITION_PARTNERSHIP": {
        "en": "Recognition partnership",
        "de": "Anerkennungspartnerschaft",
    },
    "DE_RECOGNITION_MEASURES": {
        "en": "Recognition measures",
        "de": "Anerkennungsmaßnahmen",
    },
    "DE_OPPORTUNITY_CARD": {"en": "Opportunity card", "de": "Chancenkarte"},
    "REMOTE_ABROAD": {"en": "Remote work abroad", "de": "Tätigkeit im Ausland"},
}

_LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Assessment", "de": "Prüfergebnis"},
    "as_of": {"en": "As of", "de": "Stichtag"},
    "ruleset": {"en": "Rule set", "de": "Regelstand"},
    "recommended": {"en": "Recommended pathway", "de": "Empfohlener Weg"},
    "none": {"en": "none", "de": "keiner"},
    "pathways": {"en": "Residence pathways", "de": "Aufenthaltswege"},
    "eligible": {"en": "eligible", "de": "möglich"},
    "conditional": {"en": "conditional", "de": "unter Bedingungen"},
    "not_eligible": {"en": "not eligible", "de": "nicht möglich"},
    "open": {"en": "open", "de": "offen"},
    "step": {"en": "step", "de": "Schritt"},
    "social_security": {"en": "Social security", "de": "Sozialversicherung"},
    "applicable": {"en": "Applicable law", "de": "Anwendbares Recht"},
    "certificate": {"en": "Certificate", "de": "Bescheinigung"},
    "branches": {"en": "Branches", "de": "Zweige"},
    "obligations": {"en": "Duties and deadlines", "de": "Pflichten und Fristen"},
    "due": {"en": "due", "de": "fällig"},
    "no_date": {"en": "no date", "de": "ohne Datum"},
    "findings": {"en": "Findings", "de": "Hinweise"},
    "nothing": {"en": "none", "de": "keine"},
    "error": {"en": "ERROR", "de": "FEHLER"},
    "warning": {"en": "WARNING", "de": "WARNUNG"},
    "info": {"en": "info", "de": "Info"},
    "employer": {"en": "employer", "de": "Arbeitgeber"},
    "employee": {"en": "employee", "de": "Beschäftigte Person"},
    "basis": {"en": "Legal basis", "de": "Rechtsgrundlage"},
}

_BRANCH_NAMES: dict[str, dict[str, str]] = {
    "pension": {"en": "pension", "de": "Rente"},
    "health": {"en": "health", "de": "Kranken"},
    "unemployment": {"en": "unemployment", "de": "Arbeitslosen"},
    "accident": {"en": "accident", "de": "Unfall"},
    "care": {"en": "long-term care", "de": "Pflege"},
}


def _t(key: str, lang: Lang) -> str:
    labels = _LABELS.get(key)
    return key if labels is None else labels[lang]


def _localized(item: Mapping[str, Any], key: str, lang: Lang) -> str:
    if lang == "de":
        text = item.get(key + "_de")
        if text:
            return str(text)
    return str(item.get(key, ""))


def render_assessment_text(result: Mapping[str, Any], lang: Lang = "en") -> str:
    """A readable report; unmet requirements and procedural steps are listed per pathway."""
    if lang not in ("de", "en"):
        raise ValueError(f"unsupported language {lang!r}; use 'de' or 'en'")
    lines: list[str] = []
    title = _t("title", lang)
    lines += [title, "=" * len(title)]
    lines.append(
        f"{_t('as_of', lang)}: {result['as_of']}    {_t('ruleset', lang)}: "
        f"{result['ruleset_version']}"
    )
    recommended = result.get("recommended")
    rec_name = (
        f"{PATHWAY_NAMES[recommended][lang]} ({recommended})"
        if recommended in PATHWAY_NAMES
        else _t("none", lang)
    )
    lines.append(f"{_t('recommended', lang)}: {rec_name}")
    lines.append("")

    header = _t("pathways", lang)
    lines += [header, "-" * len(header)]
    for pathway in result["pathways"]:
        code = pathway["code"]
        name = PATHWAY_NAMES.get(code, {}).get(lang, code)
        status = _t(pathway["status"], lang)
        lines.append(f"[{status}] {name} - {pathway['legal_basis']}")
        if pathway["status"] == "not_eligible":
            failed = [r for r in pathway["requirements"] if r["met"] is False]
            for requirement in failed[:1]:
                lines.append(f"    x {_localized(requirement, 'detail', lang)}")
            continue
        for requirement in pathway["requirements"]:
            if requirement["met"] is False:
                lines.append(
                    f"    x {_localized(requirement, 'detail', lang)} "
                    f"({requirement['legal_basis']})"
                )
            elif requirement["met"] is None:
                lines.append(f"    - {_localized(requirement, 'detail', lang)}")
    lines.append("")

    ss = result["social_security"]
    header = _t("social_security", lang)
    lines += [header, "-" * len(header)]
    lines.append(f"{_t('applicable', lang)}: {ss['applicable_legislation']} ({ss['legal_basis']})")
    if ss.get("certificate"):
        lines.append(f"{_t('certificate', lang)}: {ss['certificate']}")
    branches = ", ".join(
        f"{_BRANCH_NAMES.get(b, {}).get(lang, b)}={state}" for b, state in ss["branches"].items()
    )
    lines.append(f"{_t('branches', lang)}: {branches}")
    explanation = _localized(ss, "explanation", lang)
    if explanation:
        lines.append(explanation)
    lines.append("")

    header = _t("obligations", lang)
    lines += [header, "-" * len(header)]
    obligations = sorted(result["obligations"], key=lambda o: (o["due"] or "9999", o["code"]))
    if not obligations:
        lines.append(_t("nothing", lang))
    for obligation in obligations:
        due = obligation["due"] or _t("no_date", lang)
        responsible = _t(obligation["responsible"], lang)
        lines.append(f"{due}  {obligation['code']} ({responsible}; {obligation['legal_basis']})")
        lines.append(f"    {_localized(obligation, 'explanation', lang)}")
    lines.append("")

    header = _t("findings", lang)
    lines += [header, "-" * len(header)]
    if not result["findings"]:
        lines.append(_t("nothing", lang))
    order = {"error": 0, "warning": 1, "info": 2}
    for finding in sorted(result["findings"], key=lambda f: order.get(f["severity"], 3)):
        lines.append(
            f"{_t(finding['severity'], lang)}: {finding['code']} - "
            f"{_localized(finding, 'detail', lang)} ({finding['legal_basis']})"
        )
    return "\n".join(lines) + "\n"
