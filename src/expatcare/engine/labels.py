"""Human names for the engine's codes (docs/contracts.md); unknown codes are shown as is.

The engine's codes are stable identifiers; the names here are translatable UI text.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PATHWAYS: dict[str, Promise] = {
    "EU_FREE_MOVEMENT": _("EU free movement"),
    "EXISTING_TITLE": _("Existing residence title"),
    "DE_BLUE_CARD": _("EU Blue Card"),
    "DE_SKILLED_VOCATIONAL": _("Skilled worker with vocational training"),
    "DE_SKILLED_ACADEMIC": _("Skilled worker with academic degree"),
    "DE_EXPERIENCE_BASED": _("Experienced worker (professional experience)"),
    "DE_WESTERN_BALKANS": _("Western Balkans regulation"),
    "DE_RECOGNITION_PARTNERSHIP": _("Recognition partnership"),
    "DE_RECOGNITION_MEASURES": _("Recognition measures"),
    "DE_OPPORTUNITY_CARD": _("Opportunity card"),
    "DE_ICT_CARD": _("ICT card (intra-corporate transfer)"),
    "DE_RESEARCHER": _("Researcher"),
    "REMOTE_ABROAD": _("Remote work abroad (no German title)"),
}

STATUSES: dict[str, Promise] = {
    "eligible": _("Eligible"),
    "conditional": _("Conditional"),
    "not_eligible": _("Not eligible"),
}

OBLIGATIONS: dict[str, Promise] = {
    "RESIDENCE_TITLE_CHECK": _("Check the residence title"),
    "RESIDENCE_TITLE_COPY": _("Keep a copy of the residence title"),
    "DEUEV_REGISTRATION": _("Register with social insurance (DEÜV)"),
    "DEUEV_DEREGISTRATION": _("Deregister from social insurance (DEÜV)"),
    "SOFORTMELDUNG": _("Immediate notification (Sofortmeldung)"),
    "HEALTH_INSURANCE_REGISTRATION": _("Register with a health insurance fund"),
    "RESIDENCE_REGISTRATION": _("Register the residence"),
    "PERMIT_RENEWAL": _("Renew the residence permit"),
    "PASSPORT_RENEWAL": _("Renew the passport"),
    "INSURANCE_RENEWAL": _("Renew the health insurance cover"),
    "EMPLOYMENT_END_NOTICE": _("Notify the immigration office of an early end of employment"),
    "A1_CERTIFICATE": _("Apply for the A1 certificate"),
    "POSTING_CERTIFICATE": _("Apply for the posting certificate"),
}

FINDINGS: dict[str, Promise] = {
    "BELOW_MINIMUM_WAGE": _("Salary below the statutory minimum wage"),
    "BLUE_CARD_SALARY_BELOW_THRESHOLD": _("Salary below the Blue Card threshold"),
    "AGE_45_SALARY_OR_PENSION_PROOF": _("Age 45 or over: salary or pension provision proof"),
    "RECOGNITION_REQUIRED": _("Recognition of the qualification required"),
    "REGULATED_PROFESSION_LICENCE": _("Licence for the regulated profession required"),
    "POSTING_EXCEEDS_MAXIMUM": _("Posting exceeds the maximum length"),
    "REPEATED_POSTING_NOT_COVERED": _("Repeated posting not covered by the agreement"),
    "UNVERIFIED_PARAMETER": _("A value used is not yet verified at its source"),
    "PERMIT_EXPIRED": _("Residence title expired"),
    "VISA_REQUIRED_FOR_EMPLOYMENT": _("Visa required before taking up employment"),
    "VISA_FREE_ENTRY_POSSIBLE": _("Visa-free entry possible; the title is applied for in Germany"),
    "PRIVILEGED_NATIONALITY_ANY_EMPLOYMENT": _(
        "Privileged nationality: any employment can be approved"
    ),
    "WESTERN_BALKANS_QUOTA": _("Western Balkans regulation: annual quota"),
    "HEALTH_INSURANCE_EXEMPT_ABOVE_JAEG": _(
        "Salary above the compulsory insurance limit: private health insurance possible"
    ),
    "LOCAL_LAW_APPLIES": _("Social security law of the country of work applies"),
    "TELEWORK_RESIDENCE_STATE_LAW": _(
        "Telework abroad: social security law of the country of residence may apply"
    ),
    "TELEWORK_OUTSIDE_EU_COORDINATION": _(
        "Telework outside EU coordination: check social security in the country of residence"
    ),
    "TELEWORK_FRAMEWORK_AGREEMENT": _(
        "Telework framework agreement: German social security law can be kept"
    ),
}

RESPONSIBLE: dict[str, Promise] = {
    "employer": _("Employer"),
    "employee": _("Employee"),
}

SEVERITIES: dict[str, Promise] = {
    "error": _("Error"),
    "warning": _("Warning"),
    "info": _("Information"),
}

DOCUMENTS: dict[str, Promise] = {
    "passport": _("Passport"),
    "degree": _("Degree certificate"),
    "employment_contract": _("Employment contract"),
    "recognition_decision": _("Recognition decision"),
    "statement_of_comparability": _("Statement of comparability"),
    "cv": _("CV"),
    "biometric_photo": _("Biometric photo"),
    "health_insurance": _("Proof of health insurance"),
    "language_certificate": _("Language certificate"),
}

LEAVING: dict[str, Promise] = {
    "VESTED_RIGHTS_KEPT": _("Vested rights are kept"),
    "RIGHTS_FORFEITED": _("Rights are forfeited"),
    "TRANSFER_POSSIBLE": _("Transfer to the new employer possible"),
    "SMALL_AMOUNT_SETTLEMENT": _("Settlement of a small amount"),
    "STATUTORY_REFUND_POSSIBLE": _("Refund of statutory pension contributions possible"),
    "AGREEMENT_COUNTRY_TOTALISATION": _("Periods count in the agreement country"),
    "CONTINUATION_WITH_OWN_CONTRIBUTIONS": _("Continuation with own contributions possible"),
}

#: The ways a company pension is run (Durchführungswege), as the pension texts and form name them.
VEHICLES: dict[str, Promise] = {
    "direktversicherung": _("Direct insurance (Direktversicherung)"),
    "pensionskasse": _("Pension fund (Pensionskasse)"),
    "pensionsfonds": _("Pension fund (Pensionsfonds)"),
    "unterstuetzungskasse": _("Support fund (Unterstützungskasse)"),
    "direktzusage": _("Direct commitment (Direktzusage)"),
}

BRANCHES: dict[str, Promise] = {
    "pension": _("Pension"),
    "health": _("Health"),
    "unemployment": _("Unemployment"),
    "accident": _("Accident"),
    "long_term_care": _("Long-term care"),
    "care": _("Long-term care"),
}

# Milestone titles of the case templates (``milestones/*.yaml``), keyed by step code, so that
# makemessages finds them; a test keeps them equal to each template's ``title_en``.
MILESTONES: dict[str, Promise] = {
    "power_of_attorney": _("Power of attorney from the employee to the employer"),
    "authority_agreement": _("Agreement with the foreigners authority"),
    "procedure_fee": _("Fee for the accelerated procedure paid"),
    "ba_approval": _("Approval of the Federal Employment Agency"),
    "pre_approval": _("Pre-approval by the foreigners authority"),
    "visa_appointment": _("Visa appointment at the German mission"),
    "visa_decision": _("Visa issued"),
    "entry": _("Entry into Germany"),
    "residence_registration": _("Residence registration at the registration office"),
    "permit_card": _("Residence permit card collected"),
    "zab_confirmation": _("Confirmation of the qualification by the ZAB"),
    "recognition_application": _("Recognition application with complete documents"),
    "recognition_receipt": _("Receipt confirmed by the recognition body"),
    "recognition_decision": _("Recognition decision"),
    "qualification_measure": _("Qualification measure completed"),
    "final_recognition": _("Full recognition after the measure"),
    "hosting_agreement": _("Hosting agreement signed with the research institution"),
    "title_check": _("Residence title checked and a copy kept"),
    "local_contract": _("Employment contract under the law of the country of work"),
    "social_security_check": _("Applicable social-security law confirmed"),
}

CASE_DOCUMENTS: dict[str, Promise] = {
    "passport_or_identity_card": _("Passport or identity card"),
    "residence_title": _("Residence title"),
    "degree_comparability_proof": _("Proof of comparability of the degree"),
    "declaration_of_employment": _("Declaration of employment"),
    "vocational_certificate": _("Vocational certificate"),
    "equivalence_decision": _("Equivalence decision"),
    "assignment_letter": _("Assignment letter"),
    "proof_of_group_employment": _("Proof of employment in the group"),
    "proof_of_qualification": _("Proof of qualification"),
    "return_guarantee": _("Return guarantee"),
    "hosting_agreement": _("Hosting agreement"),
    "cost_coverage_declaration": _("Declaration of cost coverage"),
    "qualification_certificate": _("Qualification certificate"),
    "zab_confirmation": _("ZAB confirmation"),
    "proof_of_experience": _("Proof of professional experience"),
    "recognition_partnership_agreement": _("Recognition partnership agreement"),
    "german_certificate": _("German language certificate"),
    "recognition_deficit_notice": _("Notice of the deficits found in recognition"),
    "qualification_measure_plan": _("Plan of the qualification measure"),
    "proof_of_funds": _("Proof of funds"),
    "local_employment_contract": _("Local employment contract"),
}

# Values of message parameters (``engine.messages``): the recognition of a qualification, an
# existing residence title and the role in an intra-corporate transfer.
RECOGNITION: dict[str, Promise] = {
    "not_assessed": _("Not assessed"),
    "pending": _("Recognition applied for"),
    "full": _("Fully recognised"),
    "partial": _("Partially recognised"),
    "comparable": _("Comparable (anabin H+ / statement of comparability)"),
    "none": _("Not recognised"),
}

RESIDENCE_TITLES: dict[str, Promise] = {
    "settlement_permit": _("Settlement permit"),
    "permanent_eu": _("Permanent residence EU"),
    "family_reunification": _("Family reunification"),
    "student": _("Student"),
    "blue_card": _("EU Blue Card"),
    "skilled_worker": _("Skilled worker"),
    "opportunity_card": _("Opportunity card"),
    "asylum_related": _("Asylum-related"),
    "other": _("Other"),
}

ICT_ROLES: dict[str, Promise] = {
    "manager": _("Manager"),
    "specialist": _("Specialist"),
    "trainee": _("Trainee"),
}

# Open questions of unverified legal values (the ``question.*`` messages of the engine), so that
# an UNVERIFIED_PARAMETER finding names its question in the reader's language; a test keeps each
# equal to the engine's English template and its German translation to the engine's German.
OPEN_QUESTIONS: dict[str, Promise] = {
    "question.telework_lithuania_start": _(
        "Only one source gives 1 May 2024 as the date from which the telework framework "
        "agreement applies in Lithuania; check it on the depositary's list (Belgian social "
        "security administration)."
    ),
    "question.uk_voluntary_insurance_refund": _(
        "It is open whether a UK national living in the UK may insure voluntarily in the German "
        "pension scheme; if so, contributions cannot be refunded (§ 210 Abs. 1 Nr. 1 SGB VI). "
        "Ask the Deutsche Rentenversicherung."
    ),
}

#: The conditions a pathway checks (``pathways[].requirements[].code``), by what they ask.
REQUIREMENTS: dict[str, Promise] = {
    "academic_degree": _("Academic degree"),
    "age_45_salary_or_pension": _("Age 45 or over: salary or old-age provision"),
    "annual_quota": _("Place in the annual quota"),
    "ba_approval": _("Approval of the Federal Employment Agency"),
    "contract_duration": _("Length of the employment contract"),
    "cost_coverage_declaration": _("Cost-coverage declaration"),
    "deficits_found": _("Deficits found in the recognition procedure"),
    "degree_comparability_proof": _("Proof that the degree is comparable"),
    "degree_recognised_or_comparable": _("Degree recognised or comparable"),
    "employment_in_germany": _("Employment in Germany"),
    "equivalence_established": _("Equivalence of the qualification established"),
    "existing_title_permits_employment": _("Existing title permits this employment"),
    "foreign_qualification": _("Foreign qualification"),
    "free_movement_nationality": _("Nationality of an EU/EEA state or Switzerland"),
    "german_level": _("German language level"),
    "group_membership": _("Time with the group before the transfer"),
    "hosting_agreement": _("Hosting agreement with a research institution"),
    "intra_corporate_transfer": _("Transfer within a company group"),
    "it_experience": _("IT professional experience"),
    "it_occupation": _("IT occupation"),
    "language_minimum": _("Minimum language level"),
    "livelihood_secured": _("Livelihood secured"),
    "maximum_duration": _("Maximum length of the transfer"),
    "no_asylum_benefits_24_months": _("No asylum-seeker benefits in the last 24 months"),
    "no_ba_approval": _("No approval of the Federal Employment Agency needed"),
    "permitted_employment": _("Employment the card permits"),
    "points": _("Points"),
    "practice_licence": _("Licence to practise"),
    "professional_experience": _("Professional experience"),
    "provision_in_force": _("Provision in force"),
    "qualification_measure": _("Admission to a qualification measure"),
    "qualification_proof": _("Proof of the professional qualification"),
    "recognition_partnership_agreement": _("Recognition partnership agreement"),
    "recognition_still_needed": _("Recognition still needed"),
    "residence_outside_eu": _("Residence outside the EU"),
    "salary_threshold": _("Salary threshold"),
    "skilled_worker_status": _("Skilled worker"),
    "state_recognised_qualification": _("Qualification recognised by the state abroad"),
    "third_country_national": _("Third-country national"),
    "title_valid_at_start": _("Title valid when the job starts"),
    "trainee_degree": _("University degree of a trainee"),
    "transfer_duration": _("Length of the transfer"),
    "visa_at_mission_in_region": _("Visa applied for at a German mission in the region"),
    "visa_from_abroad": _("Application from abroad"),
    "vocational_qualification": _("Vocational qualification"),
    "western_balkans_nationality": _("Nationality of a Western Balkans state"),
    "work_outside_germany": _("Work outside Germany"),
    "zab_confirmation": _("Confirmation by the ZAB"),
}

# The facts the engine reads from a person's record (its dotted input paths), named as the
# person form names them, so a refusal says which field of the record to complete.
FACTS: dict[str, Promise] = {
    "person.birth_date": _("date of birth"),
    "person.nationalities": _("Nationalities"),
    "person.residence_country": _("country of residence"),
    "job.work_country": _("country of work"),
    "job.state": _("German state of work"),
    "job.start_date": _("start date"),
    "job.end_date": _("end date"),
    "job.annual_gross_salary_eur": _("annual gross salary (EUR)"),
    "job.weekly_hours": _("weekly hours"),
}

CATALOGUES: dict[str, dict[str, Promise]] = {
    "pathway": PATHWAYS,
    "status": STATUSES,
    "obligation": OBLIGATIONS,
    "finding": FINDINGS,
    "severity": SEVERITIES,
    "document": {**CASE_DOCUMENTS, **DOCUMENTS},
    "milestone": MILESTONES,
    "leaving": LEAVING,
    "branch": BRANCHES,
    "responsible": RESPONSIBLE,
    "recognition": RECOGNITION,
    "residence_title": RESIDENCE_TITLES,
    "ict_role": ICT_ROLES,
    "question": OPEN_QUESTIONS,
    "requirement": REQUIREMENTS,
    "vehicle": VEHICLES,
    "fact": FACTS,
}


def label(catalogue: str, code: str) -> str:
    """The translated name of a code, or the code made readable when it is new."""
    known = CATALOGUES.get(catalogue, {}).get(code)
    if known is not None:
        return str(known)
    return (
        code.replace("_", " ").capitalize()
        if catalogue in {"document", "branch", "responsible"}
        else code
    )
