""""Herkenbaar": once per phone per answer (a toggle), never on the phone's own answer.

Phones have no identity. What links a vote to a phone (a random token the phone made for this
run, or else its connection) lives in this book, in memory only, and is forgotten when the run
ends: after the end only the counts remain. A vote is kept here as a change (+1 / -1) and added
to the stored count in one transaction per broadcaster tick, so a room voting at once costs no
disk wait per vote, and several server processes (each with its own book) add up.
"""
from __future__ import annotations

import re
from typing import Any

from sessions.errors import InvalidAnswer, NotFound
from sessions.store.records import AnswerRecord

DISPLAY_ID = re.compile(r"^s([1-9][0-9]{0,17})$")


def seq_of(display_id: Any) -> int:
    """The sequence number a display id (`s<seq>`) names, or NotFound."""
    match = DISPLAY_ID.fullmatch(display_id) if isinstance(display_id, str) else None
    if match is None:
        raise NotFound("Dit antwoord bestaat niet.")
    return int(match.group(1))


class VoteBook:
    """Who voted for what and which answers are whose, per live run, in memory only."""

    def __init__(self) -> None:
        self._voted: dict[int, dict[str, set[int]]] = {}  # live id -> voter -> seqs marked
        self._own: dict[int, dict[str, set[int]]] = {}  # live id -> voter -> own seqs
        self._unsaved: dict[int, int] = {}  # seq -> change of the count not yet in the store
        self._unsaved_lives: set[int] = set()  # the runs those changes belong to

    def note_own(self, live_id: int, voter: str, seq: int) -> None:
        """Remember that this answer (or question) came from this phone: it cannot mark it."""
        self._own.setdefault(live_id, {}).setdefault(voter, set()).add(seq)

    def is_own(self, live_id: int, voter: str, seq: int) -> bool:
        """True when this phone sent the answer."""
        return seq in self._own.get(live_id, {}).get(voter, ())

    def voted(self, live_id: int, voter: str) -> set[int]:
        """The seqs this phone marked (read only)."""
        return self._voted.get(live_id, {}).get(voter, set())

    def count(self, answer: AnswerRecord) -> int:
        """The current count of an answer: the stored one plus this book's changes not yet stored."""
        return max(0, answer.votes + self._unsaved.get(answer.seq, 0))

    def vote(self, voter: str, answer: AnswerRecord, on: bool) -> int:
        """Mark (on) or unmark an answer for this phone; idempotent; return the new count."""
        if self.is_own(answer.live_id, voter, answer.seq):
            raise InvalidAnswer("Je eigen bijdrage kun je niet als herkenbaar markeren.", code="own_answer")
        marked = self._voted.setdefault(answer.live_id, {}).setdefault(voter, set())
        if on and answer.seq not in marked:
            marked.add(answer.seq)
            self._unsaved[answer.seq] = self._unsaved.get(answer.seq, 0) + 1
            self._unsaved_lives.add(answer.live_id)
        elif not on and answer.seq in marked:
            marked.discard(answer.seq)
            self._unsaved[answer.seq] = self._unsaved.get(answer.seq, 0) - 1
            self._unsaved_lives.add(answer.live_id)
        return self.count(answer)  # the same vote again counts once

    def save(self, store: Any) -> set[int]:
        """Add the changes since the last save to the stored counts in one transaction; return their live ids."""
        unsaved, self._unsaved = {seq: n for seq, n in self._unsaved.items() if n}, {}
        lives, self._unsaved_lives = self._unsaved_lives, set()
        if unsaved:
            store.add_votes(unsaved)
        return lives

    def forget(self, store: Any, live_id: int) -> None:
        """The run ended: save its counts, then drop everything that links a vote to a phone."""
        self.save(store)
        self._voted.pop(live_id, None)
        self._own.pop(live_id, None)

    def holds(self, live_id: int) -> bool:
        """True while the book keeps anything about this run (tests: nothing after the end)."""
        return live_id in self._voted or live_id in self._own
