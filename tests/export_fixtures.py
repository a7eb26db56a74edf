"""Realistic `Opbrengst` objects built by hand (no store), for export tests and the export bench.

Summaries come from the real `aggregate`, so charts see exactly what the app would produce.
A "hidden" answer is modelled the way the model does it: it is simply not in the values.
"""
from __future__ import annotations

import random
from typing import Any

from sessions.aggregate import aggregate
from sessions.content import Link, Question, ResourceGroup
from sessions.opbrengst import InsightEntry, InsightGroup, Opbrengst, QuestionResult, QuoteEntry, answer_text

SERIES = "Leersessies Proeftuinen Toekomstscenario Kind- en Gezinsbescherming"
PARTNERS = ("Nederlands Jeugdinstituut", "Verwey-Jonker Instituut", "Toekomstscenario kind- en gezinsbescherming")
KNOWN_ANSWER = "We vragen ouders zelf wat veiligheid voor hen betekent en schrijven dat in hun woorden op."
STARRED_QUOTE = "Onveiligheid kan veilig voelen voor de slachtoffers. Zo ben je het gewend."
HIDDEN_ANSWER = "Dit antwoord is door de facilitator verborgen en hoort nergens te staan."
DUTCH_TEXT = "Wĳ zĳn blij: ‘tweeënveertig’ “cafés” • 12 – 15 uur • €5 per persoon"
MARKUP_ANSWERS = ("<script>alert(1)</script>", "<b>vet</b>", "<font size=80>groot</font>",
                  '<a href="http://x">link</a>', "een lone < teken", "A & B", "&amp; &lt; blijft letterlijk")
SESSIONS = (
    (1, "Vertragen en verdragen", "Werken aan echte, blijvende verandering in gezinnen en huishoudens met "
     "complexe problemen is taai werk. Ongemak is wezenlijk onderdeel van ons werk.\n\nDit ongemak niet "
     "wegnemen maar benoemen is een belangrijke sleutel voor duurzame verandering."),
    (2, "Analyseren", "Er gebeurt veel rond de gezamenlijke verklarende analyse en iedereen ziet de noodzaak. "
     "Toch zien we wel een aantal gedeelde waardes en dilemma's."),
    (3, "Veiligheid", "Onveiligheid is altijd relatief. Een momentopname. Wat veilig is en wat niet is moeilijk "
     "te objectiveren.\n\nHet gaat erom de feiten, signalen en zorgen gezamenlijk betekenis te geven."),
    (4, "Informele steun", "Bij het werken aan duurzame veiligheid in het gezin is samenwerken met de mensen "
     "om het gezin of huishouden een essentieel onderdeel van de cultuurverandering."),
    (5, "Duurzaam samenwerken met gezinsleden", "Samenwerken met gezinsleden vraagt een lange adem en "
     "een open houding; ook als het even niet lukt."),
    (6, "Jeugdbeschermingsmaatregelen", "Een maatregel is soms nodig. Hoe blijf je ook dan naast het gezin staan?"),
)
SENTENCES = (
    "We gaan eerst met het hele gezin aan tafel zitten.", "Ik benoem mijn eigen ongemak hardop.",
    "Samen met het lokale team maken we een veiligheidsplan.", "Soms moet je gewoon even niets doen.",
    "Ouders weten vaak zelf heel goed wat er nodig is.", "Het netwerk rond het gezin is groter dan je denkt.",
    "Ik vraag een collega om mee te kijken als ik twijfel.", "Vertragen geeft ruimte voor het verhaal van het kind.",
    "We spreken vooraf af wie waarvoor verantwoordelijk is.", "Reflecteren in het team helpt mij enorm.",
)
WORDS = ("rust", "geduld", "vertrouwen", "samen", "ruimte", "luisteren", "adem", "twijfel", "moed", "ongemak")


def question_result(step_id: str, question: Question, values: list[Any], k_threshold: int = 3) -> QuestionResult:
    """A QuestionResult as build_opbrengst makes it, from visible answer values."""
    summary = aggregate(question, values, question.k_threshold or k_threshold)
    answers = tuple(answer_text(v) for v in values) if question.kind == "open" else ()
    rows = () if summary["withheld"] else tuple(answer_text(v, question) for v in values)
    return QuestionResult(step_id, question.kind, question.prompt, question.help, summary, answers, rows)


def resources() -> tuple[ResourceGroup, ...]:
    """Hulpbronnen grouped by publisher, with a query string to check link escaping."""
    return (
        ResourceGroup("Nederlands Jeugdinstituut", (
            Link("Veiligheid in gezinnen: een zaak voor iedereen", "https://www.nji.nl/uploads/2023-06/Veiligheid-in-gezinnen.pdf"),
            Link("Aan de slag met reflectie", "https://www.nji.nl/professionalisering/aan-de-slag-met-reflectie?bron=pdf&x=1"),
        )),
        ResourceGroup("Augeo", (Link("Augeo Magazine: On-veiligheid", "https://www.augeomagazine.nl/on-veiligheid"),)),
        ResourceGroup("", (Link("Inspiratiebundel Toekomstscenario", "https://www.voordejeugdenhetgezin.nl/inspiratiebundel"),)),
    )


def veiligheid(extra_open: tuple[str, ...] = ()) -> Opbrengst:
    """Leersessie 3: Veiligheid, with every kind of question and the edge cases of the results."""
    open_q = Question("open", "In hoeverre zijn wij met ouders in gesprek over hun beeld van veiligheid?",
                      help="Wat is hun werkelijkheid?\nEn wat is hun taal daarvoor?")
    choice_q = Question("choice", "Met wie werk je het meest samen?", multiple=True, other=True,
                        options=("Lokaal team", "Regionaal veiligheidsteam", "Huisarts", "School"))
    scale_q = Question("scale", "Hoe goed lukt eenheid van taal in de samenwerking?", min=1, max=5,
                       min_label="Helemaal niet", max_label="Heel goed")
    few_q = Question("choice", "Wie voert de analyse uit?", options=("Wijkteam", "Veiligheidsteam"))
    words_q = Question("words", "Welk woord past bij veiligheid?", max_words=3)
    empty_q = Question("open", "Wat heb je nodig van je organisatie?")
    open_values = [{"text": t} for t in (KNOWN_ANSWER, DUTCH_TEXT, STARRED_QUOTE) + extra_open]
    choice_values = [{"options": [0, 1]}, {"options": [0]}, {"options": [2], "other": "Wijkagent"},
                     {"options": [0, 3]}, {"options": [1]}]
    scale_values = [{"value": v} for v in (2, 3, 3, 4, 5, 4, 3)]
    words_values = [{"words": ["rust", "vertrouwen"]}, {"words": ["Rust"]}, {"words": ["samen", "rust", "moed"]}]
    return Opbrengst(
        code="VEIL42", series=SERIES, number=3, title="Veiligheid", subtitle="Opbrengst en inzichten",
        date="29 november 2026", partners=PARTNERS, statement=SESSIONS[2][2],
        insight_groups=(
            InsightGroup("Inzichten", (
                InsightEntry(1, "Blijf in gesprek over onveiligheid", "Onveilige situaties komen zo vaak voor, dat "
                             "dit een gewoon en terugkerend onderwerp zou moeten zijn."),
                InsightEntry(2, "Onveiligheid is vaak structureel en complex", "In zo'n structureel onveilige "
                             "omgeving ontstaan op sommige momenten acuut onveilige situaties."),
            )),
            InsightGroup("Dilemma's", (InsightEntry(None, "Wie voert de analyse uit?",
                                                    "Dat verschilt per proeftuin."),)),
        ),
        practice_quotes=(QuoteEntry("Een fundamentele fout die we nog steeds maken, is dat we denken in individuen "
                                    "in plaats van in systemen en gezinnen", "Deelnemer proeftuin"),),
        quotes=(QuoteEntry(STARRED_QUOTE, "Deelnemer", "a3"),),
        questions=(question_result("gesprek-ouders", open_q, open_values),
                   question_result("samenwerking", choice_q, choice_values),
                   question_result("eenheid-taal", scale_q, scale_values),
                   question_result("analyse", few_q, [{"options": [0]}, {"options": [1]}]),
                   question_result("woord", words_q, words_values),
                   question_result("organisatie", empty_q, [])),
        resources=resources(),
    )


def session(number: int, answers: int, seed: int = 0) -> Opbrengst:
    """A session of the series with `answers` answers spread over open, choice, scale and words."""
    rng = random.Random(seed * 1000 + number)
    _, title, statement = SESSIONS[(number - 1) % len(SESSIONS)]
    counts: tuple[int, ...] = (answers * 30 // 100, answers * 20 // 100, answers * 24 // 100, answers * 16 // 100)
    counts += (answers - sum(counts),)
    kinds = (
        (Question("open", "Wanneer deden we het anders en wat leverde dat op?", help="Wat gebeurde er toen?"),
         lambda: {"text": " ".join(rng.choices(SENTENCES, k=rng.randint(1, 6)))}),
        (Question("open", "Hoe ga jij om met ongemakkelijke situaties?"),
         lambda: {"text": rng.choice(SENTENCES)}),
        (Question("choice", "Welke belemmerende patronen herken jij?", multiple=True, other=True,
                  options=("Onzekerheid: knoop in je maag niet benoemen", "Strijd: eigen werkproces leidend maken",
                           "Irritatie: veel praten over verantwoordelijkheden", "Ongeduld: andere overtuigen")),
         lambda: {"options": sorted(rng.sample(range(4), rng.randint(1, 2))),
                  **({"other": "Vermijden"} if rng.random() < 0.1 else {})}),
        (Question("scale", "Hoe goed lukt het om ongemak te verdragen?", min=1, max=7, min_label="Slecht",
                  max_label="Goed"), lambda: {"value": rng.randint(1, 7)}),
        (Question("words", "Welk woord past bij vertragen?"),
         lambda: {"words": rng.sample(WORDS, rng.randint(1, 3))}),
    )
    questions = tuple(question_result(f"vraag-{index}", question, [make() for _ in range(count)])
                      for index, ((question, make), count) in enumerate(zip(kinds, counts, strict=True), 1))
    return Opbrengst(
        code=f"LS{number:02d}{seed}", series=SERIES, number=number, title=title, subtitle="",
        date=f"{number + 10} november 2026", partners=PARTNERS, statement=statement,
        insight_groups=(InsightGroup("Inzichten", tuple(
            InsightEntry(i, f"Inzicht {i} van {title.lower()}", " ".join(rng.choices(SENTENCES, k=4)))
            for i in range(1, 4))),),
        practice_quotes=(QuoteEntry("Vertragen is iets anders dan niets doen."),),
        quotes=(QuoteEntry(rng.choice(SENTENCES), "Deelnemer", "q1"),),
        questions=questions, resources=resources(),
    )


def bundle(answers_per_session: int = 40) -> list[Opbrengst]:
    """The six sessions of the series."""
    return [session(number, answers_per_session) for number in range(1, 7)]
