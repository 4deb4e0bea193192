"""Procedural steps (``met: null``): approvals and confirmations every case of a pathway goes
through. They become case milestones and never make a pathway conditional.
"""

from __future__ import annotations

from expatcare.rules.citations import cite
from expatcare.rules.messages import text
from expatcare.rules.residence.requirements import procedural

R_BA_39 = procedural(
    "ba_approval", text("residence.ba_approval.no_labour_market_test"), cite("aufenthg_39_2")
)
R_BA_BLUE_REDUCED = procedural(
    "ba_approval",
    text("residence.ba_approval.reduced_salary_threshold"),
    cite("aufenthg_18g_1_s_2_39_2"),
)
R_BA_BLUE_IT = procedural(
    "ba_approval", text("residence.ba_approval.plain"), cite("aufenthg_18g_2_39_2_n_2_c")
)
R_BA_B6 = procedural(
    "ba_approval", text("residence.ba_approval.plain"), cite("aufenthg_39_2_and_beschv_6")
)
R_BA_WB = procedural(
    "ba_approval", text("residence.ba_approval.labour_market_test"), cite("beschv_26_2_s_1")
)
R_BA_ICT = procedural(
    "ba_approval", text("residence.ba_approval.comparable_conditions"), cite("beschv_10a")
)
R_BA_16D3 = procedural("ba_approval", text("residence.ba_approval.plain"), cite("aufenthg_16d_3"))
R_ZAB_B6 = procedural(
    "zab_confirmation", text("residence.zab_confirmation.state_recognised"), cite("beschv_6_1_s_4")
)
R_ZAB_16D3 = procedural(
    "zab_confirmation",
    text("residence.zab_confirmation.competent_body"),
    cite("aufenthg_16d_3_s_4"),
)
R_ZAB_20A = procedural(
    "zab_confirmation", text("residence.zab_confirmation.competent_body"), cite("aufenthg_20a_4")
)
R_WB_VISA = procedural(
    "visa_at_mission_in_region",
    text("residence.visa_at_mission_in_region.step"),
    cite("beschv_26_2_s_2"),
)
R_WB_ASYLUM = procedural(
    "no_asylum_benefits_24_months",
    text("residence.no_asylum_benefits_24_months.step"),
    cite("beschv_26_2_s_4"),
)
R_ICT_QUALIFICATION = procedural(
    "qualification_proof", text("residence.qualification_proof.step"), cite("aufenthg_19_2_n_4")
)
R_ICT_VISA = procedural(
    "visa_from_abroad", text("residence.visa_from_abroad.step"), cite("aufenthv_41_4")
)
R_RESEARCH_COSTS = procedural(
    "cost_coverage_declaration",
    text("residence.cost_coverage_declaration.step"),
    cite("aufenthg_18d_1_2"),
)
R_16D3_AGREEMENT = procedural(
    "recognition_partnership_agreement",
    text("residence.recognition_partnership_agreement.step"),
    cite("aufenthg_16d_3_s_1_n_3"),
)
R_16D1_MEASURE = procedural(
    "qualification_measure", text("residence.qualification_measure.step"), cite("aufenthg_16d_1")
)
R_LIVELIHOOD = procedural(
    "livelihood_secured",
    text("residence.livelihood_secured.step"),
    cite("aufenthg_20a_4_and_aufenthg_5_1_n_1"),
)
