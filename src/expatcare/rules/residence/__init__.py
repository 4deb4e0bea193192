"""Residence-title pathways for employment in Germany (docs/contracts.md, assess).

Every pathway code of ``model.PATHWAY_CODES`` is evaluated for every case, so callers can
compare them. The evaluation follows this decision order: nationality (free
movement), existing title, regulated occupation (licence), recognised degree (Blue Card, § 18b),
equivalent vocational training (§ 18a), IT specialists, experience pillar (§ 6 BeschV), Western
Balkans, intra-corporate transfer, research, recognition routes and the opportunity card.

Status semantics:

* ``not_eligible``: a requirement failed that the parties cannot change for this job: nationality,
  the kind of qualification, past experience, the occupation, the place of work.
* ``conditional``: every failed requirement can still become true: recognition pending, salary
  below a threshold, language level too low, licence not yet granted, contract too short.
* ``eligible``: all requirements met. Procedural steps that every case of the pathway goes
  through (Federal Employment Agency approval, ZAB/anabin confirmation of a fact the input
  states, the Western Balkans quota, the hosting agreement's cost declaration) are requirements
  with ``met: null``; they become case milestones and never make a pathway conditional.

Monotonicity: salary appears only in "salary >= threshold" requirements that are soft, and the
Blue Card takes the better of its two routes, so a higher salary can only turn failed
requirements into met ones; it never lowers a status.

Recommendation: the first ``eligible`` pathway in this preference order (``recommended_order``
in the output):

    EU_FREE_MOVEMENT, EXISTING_TITLE, DE_BLUE_CARD, DE_SKILLED_ACADEMIC, DE_SKILLED_VOCATIONAL,
    DE_ICT_CARD, DE_RESEARCHER, DE_EXPERIENCE_BASED, DE_WESTERN_BALKANS,
    DE_RECOGNITION_PARTNERSHIP, DE_RECOGNITION_MEASURES, DE_OPPORTUNITY_CARD

No title is better than any title; an existing permanent title needs no procedure; the Blue Card
leads to settlement fastest (21/27 months, § 18c Abs. 2) and needs no BA consent in the standard
case; §§ 18b/18a are the general skilled-worker titles; ICT card and researcher titles are tied
to a specific setting; the experience pillar and the Western Balkans rule need BA consent with
more conditions (quota, labour-market test); recognition routes and the opportunity card are
temporary titles. When the job is performed outside Germany, ``REMOTE_ABROAD`` comes first.

Modules: ``catalogue`` (the pathway table), ``requirements`` (shared requirement helpers),
``procedural`` (procedural steps), one module per statute or family of titles, ``memo_keys``
(what each pathway reads), ``evaluate`` (memoised evaluation, recommendation) and ``findings``.
"""

from __future__ import annotations

from expatcare.rules.residence.catalogue import PREFERENCE_ORDER, REMOTE_PREFERENCE_ORDER
from expatcare.rules.residence.evaluate import evaluate_pathways, recommend
from expatcare.rules.residence.findings import residence_findings

__all__ = [
    "PREFERENCE_ORDER",
    "REMOTE_PREFERENCE_ORDER",
    "evaluate_pathways",
    "recommend",
    "residence_findings",
]
