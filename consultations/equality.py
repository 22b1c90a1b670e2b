"""
The optional equality monitoring questions, following the ONS harmonised standards (as used in the 2021
Census for England), each with "Prefer not to say". Answers are stored as the label given, keyed by the
question's key (Response.equality), so a response keeps what was asked at the time.
"""

from dataclasses import dataclass

PREFER_NOT_TO_SAY = "Prefer not to say"


@dataclass(frozen=True)
class EqualityQuestion:
    key: str
    text: str
    options: tuple[str, ...]
    hint: str = ""

    @property
    def choices(self) -> tuple[str, ...]:
        return (*self.options, PREFER_NOT_TO_SAY)


QUESTIONS: tuple[EqualityQuestion, ...] = (
    EqualityQuestion(
        "age",
        "What is your age?",
        (
            "Under 18",
            "18 to 24",
            "25 to 34",
            "35 to 44",
            "45 to 54",
            "55 to 64",
            "65 to 74",
            "75 or over",
        ),
    ),
    EqualityQuestion("sex", "What is your sex?", ("Female", "Male")),
    EqualityQuestion(
        "gender_identity",
        "Is the gender you identify with the same as your sex registered at birth?",
        ("Yes", "No"),
    ),
    EqualityQuestion(
        "ethnic_group",
        "What is your ethnic group?",
        (
            "Asian or Asian British: Indian",
            "Asian or Asian British: Pakistani",
            "Asian or Asian British: Bangladeshi",
            "Asian or Asian British: Chinese",
            "Asian or Asian British: any other Asian background",
            "Black, Black British, Caribbean or African: Caribbean",
            "Black, Black British, Caribbean or African: African",
            "Black, Black British, Caribbean or African: any other Black, Black British or Caribbean "
            "background",
            "Mixed or multiple ethnic groups: White and Black Caribbean",
            "Mixed or multiple ethnic groups: White and Black African",
            "Mixed or multiple ethnic groups: White and Asian",
            "Mixed or multiple ethnic groups: any other Mixed or multiple ethnic background",
            "White: English, Welsh, Scottish, Northern Irish or British",
            "White: Irish",
            "White: Gypsy or Irish Traveller",
            "White: Roma",
            "White: any other White background",
            "Other ethnic group: Arab",
            "Other ethnic group: any other ethnic group",
        ),
    ),
    EqualityQuestion(
        "disability",
        "Do you have any physical or mental health conditions or illnesses lasting or expected to last "
        "12 months or more?",
        ("Yes", "No"),
    ),
    EqualityQuestion(
        "disability_impact",
        "Do any of your conditions or illnesses reduce your ability to carry out day-to-day activities?",
        ("Yes, a lot", "Yes, a little", "Not at all", "I have no such conditions or illnesses"),
    ),
    EqualityQuestion(
        "sexual_orientation",
        "Which of the following best describes your sexual orientation?",
        ("Straight or heterosexual", "Gay or lesbian", "Bisexual", "Other sexual orientation"),
    ),
    EqualityQuestion(
        "religion",
        "What is your religion?",
        (
            "No religion",
            "Christian",
            "Buddhist",
            "Hindu",
            "Jewish",
            "Muslim",
            "Sikh",
            "Any other religion",
        ),
    ),
    EqualityQuestion(
        "unpaid_carer",
        "Do you look after, or give any help or support to, anyone because they have long-term physical or "
        "mental health conditions or illnesses, or problems related to old age?",
        (
            "No",
            "Yes, 9 hours a week or less",
            "Yes, 10 to 19 hours a week",
            "Yes, 20 to 34 hours a week",
            "Yes, 35 to 49 hours a week",
            "Yes, 50 or more hours a week",
        ),
        hint="Exclude anything you do as part of your paid employment.",
    ),
)

BY_KEY = {question.key: question for question in QUESTIONS}


def clean_answers(data: dict) -> tuple[dict, dict]:
    """(answers, errors): the answers given, each checked against its question's choices; all optional."""
    answers, errors = {}, {}
    for question in QUESTIONS:
        value = data.get(question.key, "")
        if not value:
            continue
        if value not in question.choices:
            errors[question.key] = "Choose one of the options given"
            continue
        answers[question.key] = value
    return answers, errors
