"""Aggregation: word folding, stop words, K threshold, median, bars."""
from __future__ import annotations

from sessions.aggregate import aggregate, fold_word, word_counts
from sessions.content import Question

CHOICE = Question(kind="choice", prompt="p", options=("Onzekerheid", "Strijd", "Irritatie"), multiple=True, other=True)
SCALE = Question(kind="scale", prompt="p", min=1, max=5, min_label="Weinig", max_label="Veel")
WORDS = Question(kind="words", prompt="p", max_words=3)


def test_fold_word_lowercases_and_strips_diacritics_and_punctuation():
    assert fold_word("Één!") == "een"
    assert fold_word("Geëmotioneerd,") == "geemotioneerd"
    assert fold_word("“Rust”") == "rust"
    assert fold_word("...") == ""


def test_word_counts_fold_case_and_diacritics_and_drop_stop_words():
    counts = dict(word_counts(["Geduld de rust", "geduld", "GEDULD en Rúst", "het ook", "geduld"]))
    assert counts == {"geduld": 4, "rust": 2}


def test_word_cloud_shows_dutch_words_as_written_most_frequent_spelling_first():
    texts = ["coördinatie", "Coördinatie", "coördinatie", "coordinatie", "België", "belgie", "België", "café",
             "ideeën", "zeeën", "Ideeën,", "“Rust”"]
    counts = dict(word_counts(texts))
    assert counts == {"coördinatie": 4, "België": 3, "café": 1, "ideeën": 2, "zeeën": 1, "Rust": 1}


def test_word_cloud_keeps_een_with_accents_and_emoji_answers():
    counts = dict(word_counts(["één", "Één", "een", "😊", "😊", "👍🏽"]))
    assert counts == {"één": 2, "😊": 2, "👍🏽": 1}  # 'een' (a/an) is a stop word, 'één' (one) is not


def test_word_cloud_says_how_many_words_it_leaves_out():
    values = [{"words": [f"woord{n}"]} for n in range(63)]
    result = aggregate(WORDS, values, 3)
    assert len(result["words"]) == 60 and result["more_words"] == 3
    assert aggregate(WORDS, values[:5], 3)["more_words"] == 0


def test_word_cloud_is_sorted_by_count():
    result = aggregate(WORDS, [{"words": ["samen"]}, {"words": ["Samen", "moed"]}, {"words": ["moed", "samen"]}], 3)
    assert result["words"][0] == {"word": "samen", "count": 3}
    assert result["words"][1] == {"word": "moed", "count": 2}


def test_choice_is_withheld_below_k():
    result = aggregate(CHOICE, [{"options": [0], "other": None}, {"options": [1], "other": None}], 3)
    assert result["withheld"] and "options" not in result and result["count"] == 2


def test_choice_bars_with_counts_percentages_and_other():
    values = [{"options": [0, 1], "other": None}, {"options": [0], "other": None},
              {"options": [], "other": "Vermijden"}, {"options": [2], "other": None}]
    result = aggregate(CHOICE, values, 3)
    assert not result["withheld"]
    assert [(o["label"], o["count"], o["percent"]) for o in result["options"]] == [
        ("Onzekerheid", 2, 50), ("Strijd", 1, 25), ("Irritatie", 1, 25), ("Anders", 1, 25)]
    assert result["other_texts"] == ["Vermijden"]


def test_scale_distribution_and_median():
    result = aggregate(SCALE, [{"value": v} for v in (1, 2, 2, 5)], 3)
    assert result["median"] == 2
    assert [d["count"] for d in result["distribution"]] == [1, 2, 0, 0, 1]
    assert result["min_label"] == "Weinig" and result["max_label"] == "Veel"
    assert aggregate(SCALE, [{"value": v} for v in (1, 2, 4)], 3)["median"] == 2
    assert aggregate(SCALE, [{"value": v} for v in (1, 2, 4, 5)], 3)["median"] == 3


def test_scale_is_withheld_below_a_per_question_k():
    assert aggregate(SCALE, [{"value": 3}] * 4, 5)["withheld"]
    assert not aggregate(SCALE, [{"value": 3}] * 5, 5)["withheld"]


def test_open_and_words_are_never_withheld():
    assert not aggregate(Question(kind="open", prompt="p"), [{"text": "a"}], 3)["withheld"]
    assert not aggregate(WORDS, [{"words": ["a"]}], 3)["withheld"]
