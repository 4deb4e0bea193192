"""Renewal duties: apply for a new residence title, visa or passport, and renew the health
insurance cover, in good time.

The engine plans them from the documents of the case (``person.documents``, and the title's
expiry ``person.permit_valid_until``) with a dated lead time per kind of document:

======================  ==================  ==============================================
document                duty code           lead time (parameter)
======================  ==================  ==============================================
residence_permit, visa  PERMIT_RENEWAL      ``de.obligations.permit_renewal_lead_weeks``
passport                PASSPORT_RENEWAL    ``de.obligations.passport_renewal_lead_weeks``
insurance_certificate   INSURANCE_RENEWAL   ``de.obligations.insurance_renewal_lead_weeks``
======================  ==================  ==============================================

The statutes set no number of weeks: an application before expiry keeps a title in force
(§ 81 Abs. 4 AufenthG), a passport must be renewed in good time (§ 56 Abs. 1 Nr. 1 AufenthV),
and sufficient health insurance cover is part of the secured livelihood that granting and
extending a residence title require (§ 2 Abs. 3, § 5 Abs. 1 Nr. 1 AufenthG). The lead times are
planning recommendations, cited from their parameter files. A permanent title is never
extended (its card may expire, the right of residence does not), so it raises no title renewal
and, as no extension will check the cover again, no insurance renewal either. An
organisation may plan with a longer lead time of its own (``renewal_lead_weeks`` of the case),
which can only make a due date earlier. A due date that falls on a weekend or public holiday of
the workplace's state moves to the working day before it (``moved_from`` keeps the planned
date): for a recommendation, earlier is always safe.
"""

from __future__ import annotations

from datetime import date, timedelta

from expatcare.rules.calendar import previous_working_day
from expatcare.rules.citations import parameter_citation
from expatcare.rules.context import Context, trace_entry
from expatcare.rules.messages import Text, text
from expatcare.rules.model import PERMANENT_TITLES, Document, Obligation, new_obligation

__all__ = ["RENEWALS", "renewal_duties"]

#: document kind -> (duty code, lead-time parameter, message code)
RENEWALS: dict[str, tuple[str, str, str]] = {
    "residence_permit": (
        "PERMIT_RENEWAL",
        "de.obligations.permit_renewal_lead_weeks",
        "obligation.permit_renewal",
    ),
    "visa": (
        "PERMIT_RENEWAL",
        "de.obligations.permit_renewal_lead_weeks",
        "obligation.visa_renewal",
    ),
    "passport": (
        "PASSPORT_RENEWAL",
        "de.obligations.passport_renewal_lead_weeks",
        "obligation.passport_renewal",
    ),
    "insurance_certificate": (
        "INSURANCE_RENEWAL",
        "de.obligations.insurance_renewal_lead_weeks",
        "obligation.insurance_renewal",
    ),
}
#: Documents that only matter for a title that will be extended (none for a permanent one).
_TITLE_DOCUMENTS = frozenset({"residence_permit", "visa", "insurance_certificate"})


def _documents(ctx: Context) -> list[tuple[str, date]]:
    """(kind, valid until) of every document to plan a renewal for, without repeats."""
    person = ctx.person
    title_is_permanent = person.german_residence_title in PERMANENT_TITLES
    found: list[tuple[str, date]] = []
    if person.permit_valid_until is not None and not title_is_permanent:
        found.append(("residence_permit", person.permit_valid_until))
    for document in person.documents:
        if document.kind in _TITLE_DOCUMENTS and title_is_permanent:
            continue
        item = (document.kind, document.valid_until)
        if item not in found:
            found.append(item)
    return found


def renewal_duties(ctx: Context) -> list[Obligation]:
    """One renewal duty per document (only called for third-country nationals in Germany)."""
    documents = _documents(ctx)
    if not documents:
        return []
    own = dict(ctx.case.renewal_lead_weeks)
    state = ctx.job.state
    cache: dict[tuple[object, ...], Obligation] = ctx.tables["renewal_duties"]
    out: list[Obligation] = []
    for kind, valid_until in documents:
        code, name, message = RENEWALS[kind]
        parameter = ctx.param(name)
        recommended: int = parameter.value
        weeks = max(recommended, own.get(kind, 0))
        key = (kind, weeks, recommended, valid_until, state)
        duty = cache.get(key)
        if duty is None:
            planned = valid_until - timedelta(weeks=weeks)
            due = previous_working_day(planned, state)
            moved_from = None if due == planned else planned
            detail = (
                text(message, weeks=weeks)
                if weeks == recommended
                else text(message + ".own_lead_time", weeks=weeks, recommended_weeks=recommended)
            )
            if moved_from is not None:
                detail = _moved_earlier(detail, moved_from)
            citation = parameter_citation(parameter)
            if len(cache) > 200_000:
                cache.clear()
            duty = cache[key] = new_obligation(
                code,
                due,
                "employee",
                citation.legal_basis,
                citation.source,
                detail.en,
                detail.de,
                detail.message,
                moved_from,
                (trace_entry(parameter),),
                Document(kind, valid_until),
            )
        out.append(duty)
    return out


def _moved_earlier(detail: Text, planned: date) -> Text:
    reason = "weekend" if planned.weekday() >= 5 else "holiday"
    return text(f"obligation.renewal_moved_earlier.{reason}", duty=detail, moved_from=planned)
