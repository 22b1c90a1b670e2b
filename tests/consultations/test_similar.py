"""Near-identical texts (consultations/similar.py): MinHash and LSH, checked against the real similarity."""

import random

from consultations.similar import SIMILAR, clusters, shingles, similarity

TEMPLATE = (
    "we the undersigned ask the board to keep the walk in centre at orsett hospital open seven days a week "
    "because older people and families without a car cannot reach basildon in an emergency"
)


def test_a_template_with_a_sentence_added_or_a_word_changed_is_one_cluster():
    texts = [
        TEMPLATE,
        TEMPLATE + " my mother waited four hours there last winter",
        TEMPLATE.replace("seven days", "every day"),
        "the walk in centre should close and the money should go to gp surgeries instead",
    ]

    assert clusters(texts) == [[0, 1, 2]]


def test_texts_that_share_a_few_words_are_not_joined():
    texts = [
        "buses to the hospital would help people in our village most of all",
        "buses to the hospital are fine but the car park costs far too much money",
        "people in our village most of all need a pharmacy open on sundays",
    ]

    assert clusters(texts) == []


def test_joins_exactly_the_pairs_over_the_threshold_among_many_texts():
    """Against every pair compared directly: LSH finds the near-identical ones and joins nothing else."""
    rng = random.Random(6)
    words = [f"w{i}" for i in range(400)]
    bases = [" ".join(rng.choices(words, k=30)) for _ in range(40)]
    texts = []
    for base in bases:
        texts.append(base)
        texts.append(base + " " + " ".join(rng.choices(words, k=3)))  # Similar: about 0.85.
        texts.append(" ".join(rng.choices(words, k=30)))  # Unrelated.
    sets = [shingles(text.split()) for text in texts]
    expected = {
        frozenset({i, j})
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if similarity(sets[i], sets[j]) >= SIMILAR
    }

    found = {frozenset(group) for group in clusters(texts)}

    assert found == expected
    assert len(found) == len(bases)


def test_nothing_to_compare():
    assert clusters([]) == [] and clusters(["one text alone here today"]) == []
