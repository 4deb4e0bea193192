"""The encrypted subject of a confidential enrolment: who it is for and what was written.

A confidential enrolment keeps its person, family member, reason and provider reference only
here, encrypted with the rotatable field keys (``core.crypto``), so neither the employer's
pages nor a copy of the database tell who uses psychosocial support.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from expatcare.core.crypto import decrypt_text, encrypt_text


@dataclass(frozen=True, slots=True)
class Subject:
    person_id: int
    family_member_id: int | None = None
    reason: str = ""
    provider_reference: str = ""


def seal(subject: Subject) -> str:
    return encrypt_text(json.dumps(asdict(subject), sort_keys=True))


def unseal(ciphertext: str) -> Subject:
    data = json.loads(decrypt_text(ciphertext))
    return Subject(
        person_id=int(data["person_id"]),
        family_member_id=data.get("family_member_id"),
        reason=str(data.get("reason", "")),
        provider_reference=str(data.get("provider_reference", "")),
    )
