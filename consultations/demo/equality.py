"""
Demo answers to the equality questions (consultations.equality), weighted like the people who answer a
council consultation in the area: the Census 2021 shares for ethnic group, religion, sexual orientation
and unpaid care, rounded, and the usual lean of consultation respondents towards women and the middle-
aged and older. Many skip the optional page or a question, or prefer not to say, more so for the most
personal questions. Drawn from the caller's seeded random generator, so each load gives the same answers.
"""

import random

from ..equality import PREFER_NOT_TO_SAY, QUESTIONS

WHITE_BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"
OTHER_BLACK = (
    "Black, Black British, Caribbean or African: any other Black, Black British or Caribbean background"
)

# Weights per answer, as percentages; an answer left out is never given.
COMMON = {
    "age": {
        "Under 18": 2,
        "18 to 24": 5,
        "25 to 34": 13,
        "35 to 44": 17,
        "45 to 54": 19,
        "55 to 64": 19,
        "65 to 74": 15,
        "75 or over": 8,
        PREFER_NOT_TO_SAY: 2,
    },
    "sex": {"Female": 58, "Male": 39, PREFER_NOT_TO_SAY: 3},
    "gender_identity": {"Yes": 95.5, "No": 0.5, PREFER_NOT_TO_SAY: 4},
    "disability": {"Yes": 26, "No": 69, PREFER_NOT_TO_SAY: 5},
    "sexual_orientation": {
        "Straight or heterosexual": 89,
        "Gay or lesbian": 1.5,
        "Bisexual": 1.3,
        "Other sexual orientation": 0.4,
        PREFER_NOT_TO_SAY: 7.8,
    },
    "unpaid_carer": {
        "No": 84,
        "Yes, 9 hours a week or less": 5,
        "Yes, 10 to 19 hours a week": 2,
        "Yes, 20 to 34 hours a week": 1.5,
        "Yes, 35 to 49 hours a week": 1.5,
        "Yes, 50 or more hours a week": 3,
        PREFER_NOT_TO_SAY: 3,
    },
}
# Whether conditions reduce day-to-day activities follows the answer about having any.
IMPACT = {
    "Yes": {"Yes, a lot": 30, "Yes, a little": 50, "Not at all": 17, PREFER_NOT_TO_SAY: 3},
    "No": {"I have no such conditions or illnesses": 94, "Not at all": 5, PREFER_NOT_TO_SAY: 1},
    PREFER_NOT_TO_SAY: {PREFER_NOT_TO_SAY: 80, "Not at all": 20},
}

THURROCK = {
    "ethnic_group": {
        WHITE_BRITISH: 74,
        "White: Irish": 0.8,
        "White: Gypsy or Irish Traveller": 0.3,
        "White: Roma": 0.2,
        "White: any other White background": 5,
        "Black, Black British, Caribbean or African: African": 7,
        "Black, Black British, Caribbean or African: Caribbean": 0.8,
        OTHER_BLACK: 0.5,
        "Asian or Asian British: Indian": 2.3,
        "Asian or Asian British: Pakistani": 0.9,
        "Asian or Asian British: Bangladeshi": 1,
        "Asian or Asian British: Chinese": 0.4,
        "Asian or Asian British: any other Asian background": 1.2,
        "Mixed or multiple ethnic groups: White and Black Caribbean": 0.8,
        "Mixed or multiple ethnic groups: White and Black African": 0.5,
        "Mixed or multiple ethnic groups: White and Asian": 0.4,
        "Mixed or multiple ethnic groups: any other Mixed or multiple ethnic background": 0.4,
        "Other ethnic group: Arab": 0.2,
        "Other ethnic group: any other ethnic group": 0.5,
        PREFER_NOT_TO_SAY: 2.8,
    },
    "religion": {
        "No religion": 37,
        "Christian": 47,
        "Muslim": 4,
        "Hindu": 1.6,
        "Sikh": 1.2,
        "Buddhist": 0.4,
        "Jewish": 0.2,
        "Any other religion": 0.6,
        PREFER_NOT_TO_SAY: 8,
    },
}

LEICESTERSHIRE = {
    "ethnic_group": {
        WHITE_BRITISH: 83,
        "White: Irish": 0.6,
        "White: Gypsy or Irish Traveller": 0.2,
        "White: Roma": 0.1,
        "White: any other White background": 3.5,
        "Asian or Asian British: Indian": 5,
        "Asian or Asian British: Pakistani": 0.5,
        "Asian or Asian British: Bangladeshi": 0.2,
        "Asian or Asian British: Chinese": 0.5,
        "Asian or Asian British: any other Asian background": 0.6,
        "Black, Black British, Caribbean or African: African": 0.7,
        "Black, Black British, Caribbean or African: Caribbean": 0.3,
        OTHER_BLACK: 0.1,
        "Mixed or multiple ethnic groups: White and Black Caribbean": 0.6,
        "Mixed or multiple ethnic groups: White and Black African": 0.2,
        "Mixed or multiple ethnic groups: White and Asian": 0.6,
        "Mixed or multiple ethnic groups: any other Mixed or multiple ethnic background": 0.3,
        "Other ethnic group: Arab": 0.1,
        "Other ethnic group: any other ethnic group": 0.4,
        PREFER_NOT_TO_SAY: 2.5,
    },
    "religion": {
        "No religion": 40,
        "Christian": 45,
        "Hindu": 3.5,
        "Sikh": 1.4,
        "Muslim": 1.4,
        "Buddhist": 0.4,
        "Jewish": 0.1,
        "Any other religion": 0.5,
        PREFER_NOT_TO_SAY: 7.7,
    },
}

SKIPPED_PAGE = 0.3  # Chance a respondent skips the optional page altogether.
SKIPPED_QUESTION = 0.06  # Chance of leaving one question unanswered.


def answers(rng: random.Random, area: dict[str, dict[str, float]]) -> dict[str, str]:
    """One respondent's answers (empty: the page skipped), weighted by COMMON and the area's shares."""
    if rng.random() < SKIPPED_PAGE:
        return {}
    given: dict[str, str] = {}
    for question in QUESTIONS:
        if rng.random() < SKIPPED_QUESTION:
            continue
        if question.key == "disability_impact":
            weights = IMPACT.get(given.get("disability", ""), IMPACT[PREFER_NOT_TO_SAY])
        else:
            weights = area.get(question.key) or COMMON[question.key]
        options, shares = zip(*weights.items(), strict=True)
        given[question.key] = rng.choices(options, shares)[0]
    return given
