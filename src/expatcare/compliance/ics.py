"""The iCalendar text of the duty feed (``feeds``), written with ``icalendar``.

Apart from ``feeds`` because every page imports that module for the feed's link, while this
one, and with it icalendar and its dependencies (some 4 MB in each web worker), is imported
only when a feed is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from icalendar import Calendar, Event, vText, vUri
from icalendar.parser import Contentline

# A stand-in id: the uid line is written once around it and split there, filled per duty.
UID_PLACEHOLDER = 987654321


class DutyTexts(Protocol):
    """The explanation and name of a duty in the feed owner's language (``feeds._Texts``)."""

    def of(self, duty: dict[str, Any]) -> tuple[str, str]: ...


def _person(duty: dict[str, Any]) -> str:
    return f"{duty['person__first_name']} {duty['person__last_name']}".strip()


def _description_head(duty: dict[str, Any], explanation: str) -> str:
    """The description up to the duty's link: the same for every duty of one kind."""
    return "".join(
        f"{part}\n" for part in (explanation, duty["legal_basis"], duty["source"]) if part
    )


def _property_lines(event: Event) -> bytes:
    """The content lines of ``event``'s properties, without its BEGIN and END lines."""
    ical: bytes = event.to_ical(sorted=False)
    return ical.removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(b"END:VEVENT\r\n")


def _property_line(name: str, value: Any) -> bytes:
    """One property exactly as ``icalendar`` writes it: type, parameters, escaping, folding."""
    event = Event()
    event.add(name, value)
    return _property_lines(event)


# RFC 5545 folds content lines longer than 75 octets; icalendar folds before the octet that
# would reach 75, so a line of fewer octets comes out unchanged.
FOLD_LIMIT = 75
# Line starts kept per feed: a few dozen repeat, so past this size the memo starts afresh and
# memory stays flat.
HEADS_LIMIT = 1000
FOLD = "\r\n "


def _folded(line: str) -> bytes:
    """``line`` folded by ``icalendar`` (CRLF ended), skipping the library for short lines."""
    encoded = line.encode()
    if len(encoded) < FOLD_LIMIT:
        return encoded + b"\r\n"
    # The library's folding (its content line class has no annotations).
    folded: bytes = Contentline(line).to_ical()  # type: ignore[no-untyped-call]
    return folded + b"\r\n"


class _FoldedHead:
    """A line start shared by many lines, folded once.

    Folding goes left to right and, at the end of ``head``, depends only on the unfinished
    last segment; so ``head + rest`` folds as the finished segments of ``head`` followed by
    the folding of that last segment plus ``rest``.
    """

    def __init__(self, head: str) -> None:
        self.head = head
        *done, self._last = _folded(head).decode().removesuffix("\r\n").split(FOLD)
        self._done = "".join(segment + FOLD for segment in done).encode()

    def fold(self, line: str) -> bytes:
        """``line`` folded as ``_folded`` folds it; only its part after ``head`` is folded anew."""
        if not line.startswith(self.head):
            return _folded(line)
        return self._done + _folded(self._last + line[len(self.head) :])


class EventWriter:
    """Writes one VEVENT per duty with the bytes ``icalendar`` gives its event.

    Building an ``icalendar.Event`` per duty cost some 390 microseconds: each property's type
    looked up, its parameters built, every line folded character by character. Across a feed
    most of an event repeats: the stamp, the dates, the kind, the legal basis, the start of
    the description. The library writes each distinct part once here (memoised); per duty only
    the text that is the duty's own is escaped (``vText``) and, when long, folded
    (``Contentline``), so the library's escaping and folding still decide every byte.
    """

    def __init__(self, *, stamp: dt.datetime, link: tuple[str, str], texts: DutyTexts) -> None:
        # ``link``: a duty's address before and after its id.
        self._link = link
        self._texts = texts
        self._stamp = _property_line("dtstamp", stamp)
        uid_head, uid_tail = (
            _property_line("uid", f"duty-{UID_PLACEHOLDER}@expatcare")
            .decode()
            .split(str(UID_PLACEHOLDER))
        )
        self._uid = (uid_head.encode(), uid_tail.encode())
        self._url = _FoldedHead(f"URL:{vUri(link[0]).to_ical().decode()}")
        self._dates: dict[dt.date, bytes] = {}
        self._kinds: dict[tuple[str, str], bytes] = {}
        self._heads: dict[tuple[str, str], _FoldedHead] = {}

    def event(self, duty: dict[str, Any]) -> bytes:
        pk = str(duty["pk"])
        link = f"{self._link[0]}{pk}{self._link[1]}"
        explanation, title = self._texts.of(duty)
        # Each text's start is the same for every duty of a kind (up to the id in the link).
        description = _description_head(duty, explanation)
        return b"".join(
            (
                b"BEGIN:VEVENT\r\n",
                self._uid[0],
                pk.encode(),
                self._uid[1],
                self._stamp,
                self._dates_of(duty["due"]),
                self._text_line("SUMMARY", f"{title}: ", f"{title}: {_person(duty)}"),
                self._text_line("DESCRIPTION", description + self._link[0], description + link),
                self._url.fold(f"URL:{vUri(link).to_ical().decode()}"),
                self._kind(duty["code"], duty["legal_basis"]),
                b"END:VEVENT\r\n",
            )
        )

    def _text_line(self, name: str, head: str, value: str) -> bytes:
        """The TEXT property ``name`` of ``value``, which mostly starts with ``head``."""
        folding = self._heads.get((name, head))
        if folding is None:
            if len(self._heads) >= HEADS_LIMIT:
                self._heads.clear()
            folding = self._heads[(name, head)] = _FoldedHead(f"{name}:{_text(head)}")
        return folding.fold(f"{name}:{_text(value)}")

    def _dates_of(self, due: dt.date) -> bytes:
        found = self._dates.get(due)
        if found is None:
            event = Event()
            event.add("dtstart", due)
            event.add("dtend", due + dt.timedelta(days=1))
            found = self._dates[due] = _property_lines(event)
        return found

    def _kind(self, code: str, legal_basis: str) -> bytes:
        found = self._kinds.get((code, legal_basis))
        if found is None:
            event = Event()
            event.add("categories", [code])
            event.add("x-expatcare-legal-basis", vText(legal_basis))
            found = self._kinds[(code, legal_basis)] = _property_lines(event)
        return found


def _text(value: str) -> str:
    """``value`` escaped as an iCalendar TEXT value by ``icalendar``."""
    return vText(value).to_ical().decode()


def calendar_frame() -> tuple[bytes, bytes]:
    """The calendar's opening and closing lines, around which the events are streamed."""
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//expatcare//duties//EN")
    calendar.add("x-wr-calname", "expatcare")
    closing = b"END:VCALENDAR\r\n"
    opening = calendar.to_ical(sorted=False).removesuffix(closing)
    return opening, closing
