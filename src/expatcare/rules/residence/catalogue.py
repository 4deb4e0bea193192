"""The pathway table: codes in preference order, legal bases, sources and documents."""

from __future__ import annotations

from expatcare.rules.citations import Citation, cite
from expatcare.rules.model import PATHWAY_CODES

#: The recommendation's preference order is the output order of ``model.PATHWAY_CODES`` (one
#: enumeration, not two): every pathway but REMOTE_ABROAD, which comes first when the job is
#: performed outside Germany.
REMOTE = "REMOTE_ABROAD"
PREFERENCE_ORDER: tuple[str, ...] = tuple(code for code in PATHWAY_CODES if code != REMOTE)
REMOTE_PREFERENCE_ORDER: tuple[str, ...] = (REMOTE, *PREFERENCE_ORDER)

#: code -> (legal basis and primary source, documents the pathway needs)
PATHWAY_INFO: dict[str, tuple[Citation, tuple[str, ...]]] = {
    "EU_FREE_MOVEMENT": (
        cite("freizuegg_eu_1_2_12_and_aufenthv_28"),
        ("passport_or_identity_card",),
    ),
    "EXISTING_TITLE": (cite("aufenthg_4a_1_3"), ("residence_title", "passport")),
    "DE_BLUE_CARD": (
        cite("aufenthg_18g"),
        ("passport", "degree", "degree_comparability_proof", "employment_contract"),
    ),
    "DE_SKILLED_ACADEMIC": (
        cite("aufenthg_18b"),
        (
            "passport",
            "degree",
            "degree_comparability_proof",
            "employment_contract",
            "declaration_of_employment",
        ),
    ),
    "DE_SKILLED_VOCATIONAL": (
        cite("aufenthg_18a"),
        (
            "passport",
            "vocational_certificate",
            "equivalence_decision",
            "employment_contract",
            "declaration_of_employment",
        ),
    ),
    "DE_ICT_CARD": (
        cite("aufenthg_19_and_beschv_10a"),
        (
            "passport",
            "assignment_letter",
            "proof_of_group_employment",
            "proof_of_qualification",
            "return_guarantee",
        ),
    ),
    "DE_RESEARCHER": (
        cite("aufenthg_18d"),
        ("passport", "hosting_agreement", "cost_coverage_declaration", "degree"),
    ),
    "DE_EXPERIENCE_BASED": (
        cite("aufenthg_19c_2_and_beschv_6"),
        (
            "passport",
            "qualification_certificate",
            "zab_confirmation",
            "proof_of_experience",
            "employment_contract",
        ),
    ),
    "DE_WESTERN_BALKANS": (
        cite("aufenthg_19c_1_and_beschv_26_2"),
        ("passport", "employment_contract", "declaration_of_employment"),
    ),
    "DE_RECOGNITION_PARTNERSHIP": (
        cite("aufenthg_16d_3"),
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
        cite("aufenthg_16d_1"),
        (
            "passport",
            "recognition_deficit_notice",
            "qualification_measure_plan",
            "german_certificate",
            "proof_of_funds",
        ),
    ),
    "DE_OPPORTUNITY_CARD": (
        cite("aufenthg_20a_20b"),
        ("passport", "qualification_certificate", "language_certificate", "proof_of_funds"),
    ),
    "REMOTE_ABROAD": (
        cite("aufenthg_4a_1_title_for_germany_and_sgb_iv_3"),
        ("local_employment_contract",),
    ),
}

if set(PATHWAY_INFO) != set(PATHWAY_CODES):  # pragma: no cover - a programming error
    raise RuntimeError("every pathway code needs exactly one entry in PATHWAY_INFO")
