"""Procedural steps (``met: null``): approvals and confirmations every case of a pathway goes
through. They become case milestones and never make a pathway conditional.
"""

from __future__ import annotations

from expatcare.rules.residence.catalogue import (
    GII,
    SRC_16D,
    SRC_18D,
    SRC_18G,
    SRC_19,
    SRC_20A,
    SRC_39,
    SRC_B6,
    SRC_B10A,
    SRC_B26,
)
from expatcare.rules.residence.requirements import procedural

R_BA_39 = procedural(
    "ba_approval",
    "§ 39 Abs. 2 AufenthG",
    SRC_39,
    "approval of the Federal Employment Agency (no labour-market test)",
    "Zustimmung der Bundesagentur für Arbeit (ohne Vorrangprüfung)",
)
R_BA_BLUE_REDUCED = procedural(
    "ba_approval",
    "§ 18g Abs. 1 Satz 2, § 39 Abs. 2 AufenthG",
    SRC_18G,
    "approval of the Federal Employment Agency (reduced salary threshold)",
    "Zustimmung der Bundesagentur für Arbeit (abgesenkte Gehaltsgrenze)",
)
R_BA_BLUE_IT = procedural(
    "ba_approval",
    "§ 18g Abs. 2, § 39 Abs. 2 Nr. 2 lit. c AufenthG",
    SRC_18G,
    "approval of the Federal Employment Agency",
    "Zustimmung der Bundesagentur für Arbeit",
)
R_BA_B6 = procedural(
    "ba_approval",
    "§ 39 Abs. 2 AufenthG; § 6 BeschV",
    SRC_B6,
    "approval of the Federal Employment Agency",
    "Zustimmung der Bundesagentur für Arbeit",
)
R_BA_WB = procedural(
    "ba_approval",
    "§ 26 Abs. 2 Satz 1 BeschV",
    SRC_B26,
    "approval of the Federal Employment Agency with labour-market test (Vorrangprüfung)",
    "Zustimmung der Bundesagentur für Arbeit mit Vorrangprüfung",
)
R_BA_ICT = procedural(
    "ba_approval",
    "§ 10a BeschV",
    SRC_B10A,
    "approval of the Federal Employment Agency (pay and conditions as for comparable staff)",
    "Zustimmung der Bundesagentur für Arbeit (Entgelt und Bedingungen wie vergleichbare "
    "Beschäftigte)",
)
R_BA_16D3 = procedural(
    "ba_approval",
    "§ 16d Abs. 3 AufenthG",
    SRC_16D,
    "approval of the Federal Employment Agency",
    "Zustimmung der Bundesagentur für Arbeit",
)
R_ZAB_B6 = procedural(
    "zab_confirmation",
    "§ 6 Abs. 1 Satz 4 BeschV",
    SRC_B6,
    "confirmation of the state-recognised qualification by the ZAB (DAB or statement)",
    "Bestätigung der staatlich anerkannten Qualifikation durch die ZAB (DAB oder Zeugnisbewertung)",
)
R_ZAB_16D3 = procedural(
    "zab_confirmation",
    "§ 16d Abs. 3 Satz 4 AufenthG",
    SRC_16D,
    "confirmation of the qualification by a competent German body (in practice the ZAB)",
    "Bestätigung der Qualifikation durch eine zuständige inländische Stelle (in der Praxis die "
    "ZAB)",
)
R_ZAB_20A = procedural(
    "zab_confirmation",
    "§ 20a Abs. 4 AufenthG",
    SRC_20A,
    "confirmation of the qualification by a competent German body (in practice the ZAB)",
    "Bestätigung der Qualifikation durch eine zuständige inländische Stelle (in der Praxis die "
    "ZAB)",
)
R_WB_VISA = procedural(
    "visa_at_mission_in_region",
    "§ 26 Abs. 2 Satz 2 BeschV",
    SRC_B26,
    "the visa is applied for at the German mission in one of the six Western Balkan states",
    "das Visum wird bei der deutschen Auslandsvertretung in einem der sechs Westbalkanstaaten "
    "beantragt",
)
R_WB_ASYLUM = procedural(
    "no_asylum_benefits_24_months",
    "§ 26 Abs. 2 Satz 4 BeschV",
    SRC_B26,
    "declaration that no asylum-seeker benefits were received in the last 24 months",
    "Erklärung, dass in den letzten 24 Monaten keine Leistungen nach dem AsylbLG bezogen wurden",
)
R_ICT_QUALIFICATION = procedural(
    "qualification_proof",
    "§ 19 Abs. 2 Nr. 4 AufenthG",
    SRC_19,
    "proof of the professional qualification",
    "Nachweis der beruflichen Qualifikation",
)
R_ICT_VISA = procedural(
    "visa_from_abroad",
    "§ 41 Abs. 4 AufenthV",
    GII + "aufenthv/__41.html",
    "the ICT card is applied for from abroad (no visa-free application in Germany)",
    "die ICT-Karte wird vom Ausland aus beantragt (keine visumfreie Antragstellung im Inland)",
)
R_RESEARCH_COSTS = procedural(
    "cost_coverage_declaration",
    "§ 18d Abs. 1, 2 AufenthG",
    SRC_18D,
    "written cost-coverage declaration of the research institution (waivable if mainly "
    "publicly funded)",
    "schriftliche Kostenübernahmeerklärung der Forschungseinrichtung (entbehrlich bei "
    "überwiegend öffentlicher Finanzierung)",
)
R_16D3_AGREEMENT = procedural(
    "recognition_partnership_agreement",
    "§ 16d Abs. 3 Satz 1 Nr. 3 AufenthG",
    SRC_16D,
    "agreement between employer and employee to start the recognition procedure after entry",
    "Vereinbarung zwischen Arbeitgeber und Beschäftigtem, nach der Einreise das "
    "Anerkennungsverfahren zu betreiben",
)
R_16D1_MEASURE = procedural(
    "qualification_measure",
    "§ 16d Abs. 1 AufenthG",
    SRC_16D,
    "admission to an adaptation or compensation measure",
    "Zulassung zu einer Anpassungs- oder Ausgleichsmaßnahme",
)
R_LIVELIHOOD = procedural(
    "livelihood_secured",
    "§ 20a Abs. 4 AufenthG; § 5 Abs. 1 Nr. 1 AufenthG",
    SRC_20A,
    "proof that the livelihood is secured",
    "Nachweis der Lebensunterhaltssicherung",
)
