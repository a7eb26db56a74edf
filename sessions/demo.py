"""Demo data: finished live sessions with realistic Dutch sample answers.

Answers go through the same rules as real ones (`sessions.live`), so a demo opbrengst shows
exactly what a real one would: hidden answers left out, starred answers as quotes.
"""
from __future__ import annotations

import random
import secrets
from typing import Any

from sessions import live as live_rules
from sessions.content import Session
from sessions.store.database import Store
from sessions.store.records import LiveRecord

OPEN_ANSWERS = (
    "Ik merk dat ik snel wil ingrijpen als ik me machteloos voel. Even pauzeren helpt me om beter te kijken.",
    "Met het gezin samen de tijd nemen leverde meer vertrouwen op dan een snel plan.",
    "Het ongemak benoemen in het team gaf ruimte: anderen bleken hetzelfde te voelen.",
    "We hebben de ouders zelf laten vertellen wat zij onder veiligheid verstaan. Dat opende het gesprek.",
    "Ik vind het lastig om verwachtingen van de buitenwereld te managen als we bewust vertragen.",
    "Door de oma erbij te betrekken ontstond er een netwerk dat nu nog steeds helpt.",
    "Intervisie met collega’s uit het lokale team maakte onze taal veel meer gelijk.",
    "Niet meteen de casus overnemen, maar naast het wijkteam blijven staan. Dat was spannend maar goed.",
    "Reflecteren kost tijd, maar levert het meeste op als het gezin er zelf bij is.",
    "Twijfel hardop uitspreken in het overleg voelde kwetsbaar, maar het werd gewaardeerd.",
    "We zijn gaan werken met één gezamenlijk plan in plaats van drie losse plannen.",
    "Ik heb geleerd dat ‘niets doen’ iets anders is dan bewust afwachten en observeren.",
    "De jongere vroeg zelf om een vertrouwenspersoon uit de buurt. Die rol werkt beter dan ik verwachtte.",
    "Ouders zeiden: ‘Eindelijk luistert iemand naar óns verhaal.’ Dat is me bijgebleven.",
    "Samen met de school een pas op de plaats gemaakt; de situatie stabiliseerde daarna.",
    "Mijn knoop in de maag heb ik deze keer wel benoemd. Dat gaf rust in het team.",
)
WORDS = ("geduld", "vertrouwen", "samen", "rust", "lef", "luisteren", "ongemak", "verbinding",
         "twijfel", "ruimte", "Geduld", "Vertrouwen", "moed", "tijd", "netwerk", "veiligheid", "één")


def _answer_id() -> str:
    return secrets.token_urlsafe(16)


def sample_value(step: Any, rng: random.Random) -> dict[str, Any]:
    """A plausible answer value for a question step."""
    question = step.question
    if question.kind == "open":
        return {"text": rng.choice(OPEN_ANSWERS)}
    if question.kind == "words":
        return {"words": rng.sample(WORDS, rng.randint(1, question.max_words))}
    if question.kind == "scale":
        middle = (question.min + question.max) / 2
        value = round(rng.triangular(question.min, question.max, middle + 1))
        return {"value": max(question.min, min(question.max, value))}
    weights = [len(question.options) - index for index in range(len(question.options))]
    if question.multiple:
        count = rng.randint(1, min(3, len(question.options)))
        chosen = sorted({rng.choices(range(len(question.options)), weights)[0] for _ in range(count)})
    else:
        chosen = [rng.choices(range(len(question.options)), weights)[0]]
    if question.other and rng.random() < 0.1:
        # "Anders, namelijk…" counts as a choice: alone on a single-choice question.
        return {"options": chosen if question.multiple else [], "other": "Vermijden: het gesprek uitstellen"}
    return {"options": chosen, "other": None}


def create_demo(store: Store, sessions: list[Session], responses: int, seed: int = 7) -> list[LiveRecord]:
    """One finished live session per session, with `responses` answers spread over its questions."""
    rng = random.Random(seed)
    created = []
    for content in sessions:
        found = live_rules.start_live(store, content)
        questions = [index for index, step in enumerate(found.content.steps) if step.is_question]
        for number, index in enumerate(questions):
            found = live_rules.enter_step(store, found, index)
            step = found.step
            share = responses // len(questions) + (1 if number < responses % len(questions) else 0)
            answers = [live_rules.submit_answer(store, found, _answer_id(), step.id, sample_value(step, rng))
                       for _ in range(share)]
            _moderate_some(store, found, step, answers, rng)
        found = live_rules.enter_step(store, found, len(found.content.steps) - 1)
        created.append(live_rules.end_live(store, found))
    return created


def _moderate_some(store: Store, found: LiveRecord, step: Any, answers: Any, rng: random.Random) -> None:
    """Hide about one in twenty answers and star a few open ones, as a facilitator would."""
    for answer in answers:
        if rng.random() < 0.05:
            live_rules.moderate(store, found, answer.id, "hide")
        elif step.question.kind == "open" and rng.random() < 0.08:
            live_rules.moderate(store, found, answer.id, "star")
