"""The pathway table: codes in preference order, legal bases, sources and documents."""

from __future__ import annotations

PREFERENCE_ORDER: tuple[str, ...] = (
    "EU_FREE_MOVEMENT",
    "EXISTING_TITLE",
    "DE_BLUE_CARD",
    "DE_SKILLED_ACADEMIC",
    "DE_SKILLED_VOCATIONAL",
    "DE_ICT_CARD",
    "DE_RESEARCHER",
    "DE_EXPERIENCE_BASED",
    "DE_WESTERN_BALKANS",
    "DE_RECOGNITION_PARTNERSHIP",
    "DE_RECOGNITION_MEASURES",
    "DE_OPPORTUNITY_CARD",
)
REMOTE_PREFERENCE_ORDER: tuple[str, ...] = ("REMOTE_ABROAD", *PREFERENCE_ORDER)

GII = "https://www.gesetze-im-internet.de/"
AUFENTHG = GII + "aufenthg_2004/__{}.html"
BESCHV = GII + "beschv_2013/__{}.html"
SRC_18 = AUFENTHG.format("18")
SRC_18A = AUFENTHG.format("18a")
SRC_18B = AUFENTHG.format("18b")
SRC_18D = AUFENTHG.format("18d")
SRC_18G = AUFENTHG.format("18g")
SRC_19 = AUFENTHG.format("19")
SRC_16D = AUFENTHG.format("16d")
SRC_20A = AUFENTHG.format("20a")
SRC_4A = AUFENTHG.format("4a")
SRC_39 = AUFENTHG.format("39")
SRC_B6 = BESCHV.format("6")
SRC_B26 = BESCHV.format("26")
SRC_B10A = BESCHV.format("10a")
SRC_FREIZUEG = GII + "freiz_gg_eu_2004/__2.html"
SRC_BQFG = GII + "bqfg/__3.html"
SRC_SGB4_3 = GII + "sgb_4/__3.html"

#: code -> (legal basis, primary source, documents)
PATHWAY_INFO: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "EU_FREE_MOVEMENT": (
        "§§ 1, 2, 12 FreizügG/EU; § 28 AufenthV",
        SRC_FREIZUEG,
        ("passport_or_identity_card",),
    ),
    "EXISTING_TITLE": (
        "§ 4a Abs. 1, 3 AufenthG",
        SRC_4A,
        ("residence_title", "passport"),
    ),
    "DE_BLUE_CARD": (
        "§ 18g AufenthG",
        SRC_18G,
        ("passport", "degree", "degree_comparability_proof", "employment_contract"),
    ),
    "DE_SKILLED_ACADEMIC": (
        "§ 18b AufenthG",
        SRC_18B,
        (
            "passport",
            "degree",
            "degree_comparability_proof",
            "employment_contract",
            "declaration_of_employment",
        ),
    ),
    "DE_SKILLED_VOCATIONAL": (
        "§ 18a AufenthG",
        SRC_18A,
        (
            "passport",
            "vocational_certificate",
            "equivalence_decision",
            "employment_contract",
            "declaration_of_employment",
        ),
    ),
    "DE_ICT_CARD": (
        "§ 19 AufenthG; § 10a BeschV",
        SRC_19,
        (
            "passport",
            "assignment_letter",
            "proof_of_group_employment",
            "proof_of_qualification",
            "return_guarantee",
        ),
    ),
    "DE_RESEARCHER": (
        "§ 18d AufenthG",
        SRC_18D,
        ("passport", "hosting_agreement", "cost_coverage_declaration", "degree"),
    ),
    "DE_EXPERIENCE_BASED": (
        "§ 19c Abs. 2 AufenthG; § 6 BeschV",
        SRC_B6,
        (
            "passport",
            "qualification_certificate",
            "zab_confirmation",
            "proof_of_experience",
            "employment_contract",
        ),
    ),
    "DE_WESTERN_BALKANS": (
        "§ 19c Abs. 1 AufenthG; § 26 Abs. 2 BeschV",
        SRC_B26,
        ("passport", "employment_contract", "declaration_of_employment"),
    ),
    "DE_RECOGNITION_PARTNERSHIP": (
        "§ 16d Abs. 3 AufenthG",
        SRC_16D,
        (
            "passport",
            "qualification_certificate",
            "zab_confirmation",
            "recognition_partnership_agreement",
            "employment_contract",
            "german_certificate",
        ),
    ),
    "DE_RECOGNITION_MEASURES": (
        "§ 16d Abs. 1 AufenthG",
        SRC_16D,
        (
            "passport",
            "recognition_deficit_notice",
            "qualification_measure_plan",
            "german_certificate",
            "proof_of_funds",
        ),
    ),
    "DE_OPPORTUNITY_CARD": (
        "§§ 20a, 20b AufenthG",
        SRC_20A,
        ("passport", "qualification_certificate", "language_certificate", "proof_of_funds"),
    ),
    "REMOTE_ABROAD": (
        "§ 4a Abs. 1 AufenthG (title only for employment in Germany); § 3 SGB IV",
        SRC_4A,
        ("local_employment_contract",),
    ),
}
