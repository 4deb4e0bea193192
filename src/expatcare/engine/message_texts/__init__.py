"""Every engine message code -> its English template as a translatable string.

The templates are generated from the engine's table, one module per purpose
(``engine/message_texts_build.py`` says which codes go where); this module only joins them
for ``engine.messages``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise

from expatcare.engine.message_texts import compliance, residence

__all__ = ["TEMPLATES"]

TEMPLATES: Mapping[str, Promise] = {**residence.TEMPLATES, **compliance.TEMPLATES}
