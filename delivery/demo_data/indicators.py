"""
The demo's indicators (core.demos, through delivery.demo): what each board's officer adds to its strategy,
as an officer would (delivery.services), then the board's Fingertips export imported into them.

- Thurrock's published 2022-2026 strategy: ten Fingertips indicators of its priorities, added in
  January 2023, their data imported in March 2025 (thurrock.csv, to 2023), and one local indicator,
  added in May 2023, whose figures the council records each spring (carers assessed after a hospital
  discharge: the delivery plan's action on carers reports the fall to 61% in January 2026).
- Leicestershire's 2022-2032 strategy (in consultation in the demo, not yet public): the four ONS personal
  wellbeing measures, the "global measure of wellbeing" its Board asked for (seed 004), added now.

Each baseline is the area's value for its period in the file; targets fall within the strategy's years.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.utils import timezone

from core.demos import Demo, story_time
from strategies.models import Strategy

from .. import fingertips, services
from ..models import DataPoint, IndicatorSource, Polarity

HERE = Path(__file__).resolve().parent
LOWER, HIGHER = Polarity.LOWER_IS_BETTER, Polarity.HIGHER_IS_BETTER
PER_100000 = "per 100,000"


@dataclass(frozen=True)
class Spec:
    fingertips_id: int | None
    title: str
    definition: str
    unit: str
    polarity: str
    priorities: tuple[str, ...]
    baseline_period: str
    target: tuple[float, date] | None = None


THURROCK = (
    Spec(
        92443,
        "Smoking prevalence in adults",
        "Adults aged 18 and over who say they smoke cigarettes now, from the Annual Population Survey.",
        "%",
        LOWER,
        ("Fewer people smoking",),
        "2021",
        (12.0, date(2026, 12, 31)),
    ),
    Spec(
        93014,
        "Physically active adults",
        "Adults aged 19 and over who do at least 150 minutes of moderate physical activity a week, from "
        "Sport England's Active Lives survey.",
        "%",
        HIGHER,
        ("More children and adults at a healthy weight",),
        "2020/21",
        (64.0, date(2026, 11, 30)),
    ),
    Spec(
        20601,
        "Reception children overweight or obese",
        "Children in Reception, aged 4 to 5, measured as overweight or obese by the National Child "
        "Measurement Programme.",
        "%",
        LOWER,
        ("More children and adults at a healthy weight", "A good start for every child"),
        "2021/22",
        (21.0, date(2026, 7, 31)),
    ),
    Spec(
        20602,
        "Year 6 children overweight or obese",
        "Children in Year 6, aged 10 to 11, measured as overweight or obese by the National Child "
        "Measurement Programme.",
        "%",
        LOWER,
        ("More children and adults at a healthy weight",),
        "2021/22",
        (38.0, date(2026, 7, 31)),
    ),
    Spec(
        93088,
        "Adults overweight or obese",
        "Adults aged 18 and over with a body mass index of 25 or more, from the Active Lives survey.",
        "%",
        LOWER,
        ("More children and adults at a healthy weight",),
        "2020/21",
    ),
    Spec(
        90631,
        "Children ready for school",
        "Children reaching a good level of development at the end of Reception, in the Early Years "
        "Foundation Stage Profile.",
        "%",
        HIGHER,
        ("A good start for every child",),
        "2021/22",
        (72.0, date(2026, 7, 31)),
    ),
    Spec(
        93721,
        "Early deaths from causes considered preventable",
        "Deaths under the age of 75 from causes that public health and prevention could largely avoid, per "
        "100,000 people, directly age-standardised.",
        PER_100000,
        LOWER,
        ("Finding long-term conditions earlier", "Fewer people smoking"),
        "2021",
        (160.0, date(2026, 12, 31)),
    ),
    Spec(
        21001,
        "Hospital admissions for self-harm",
        "Emergency hospital admissions for intentional self-harm, per 100,000 people, directly "
        "age-standardised. Admissions count the people who reach hospital, so there is no target.",
        PER_100000,
        LOWER,
        ("Better mental wellbeing and fewer suicides", "Mental health support in the community"),
        "2021/22",
    ),
    Spec(
        41001,
        "Suicide rate",
        "Deaths from suicide and injury of undetermined intent of people aged 10 and over, per 100,000, "
        "directly age-standardised, three years pooled.",
        PER_100000,
        LOWER,
        ("Better mental wellbeing and fewer suicides",),
        "2018 - 20",
        (9.0, date(2026, 12, 31)),
    ),
    Spec(
        22401,
        "Emergency admissions for falls, aged 65 and over",
        "Emergency hospital admissions for falls of people aged 65 and over, per 100,000, directly "
        "age-standardised.",
        PER_100000,
        LOWER,
        ("Integrated neighbourhood teams", "Strengths-based support in every neighbourhood"),
        "2021/22",
        (2000.0, date(2026, 3, 31)),
    ),
)

# Added in May 2023, with its first year's figure as the baseline.
CARERS_INDICATOR = Spec(
    None,
    "Carers assessed within 28 days of a hospital discharge",
    "Unpaid carers identified when the person they care for left hospital whose carer's assessment "
    "was completed within 28 days, from the council's adult social care records.",
    "%",
    HIGHER,
    ("Support for unpaid carers",),
    "2022/23",
    (80.0, date(2026, 3, 31)),
)

# The local indicator's figures: (period, carers assessed within 28 days, carers identified, note, when).
CARERS = (
    ("2022/23", 131, 197, "", date(2023, 5, 15)),
    ("2023/24", 176, 243, "", date(2024, 5, 13)),
    ("2024/25", 181, 262, "", date(2025, 5, 12)),
    ("2025/26", 118, 193, "April to December 2025", date(2026, 1, 19)),
)

WELLBEING = "People aged 16 and over in the Annual Population Survey who answer the ONS question"
LEICESTERSHIRE = (
    Spec(
        22301,
        "Adults with low life satisfaction",
        f"{WELLBEING} “Overall, how satisfied are you with your life nowadays?” with 0 to 4 out of 10.",
        "%",
        LOWER,
        ("Good mental health for adults",),
        "2021/22",
        (4.0, date(2030, 3, 31)),
    ),
    Spec(
        22302,
        "Adults who feel the things they do are not worthwhile",
        f"{WELLBEING} “Overall, to what extent do you feel that the things you do in your life are "
        "worthwhile?” with 0 to 4 out of 10.",
        "%",
        LOWER,
        ("Good mental health for adults",),
        "2021/22",
    ),
    Spec(
        22303,
        "Adults with low happiness",
        f"{WELLBEING} “Overall, how happy did you feel yesterday?” with 0 to 4 out of 10.",
        "%",
        LOWER,
        ("Good mental health for adults",),
        "2021/22",
    ),
    Spec(
        22304,
        "Adults with high anxiety",
        f"{WELLBEING} “Overall, how anxious did you feel yesterday?” with 6 to 10 out of 10.",
        "%",
        LOWER,
        ("Good mental health for adults",),
        "2021/22",
        (20.0, date(2030, 3, 31)),
    ),
)


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _file_values(filename: str, area_code: str) -> dict[tuple[int, str], float | None]:
    """The area's own values in a demo file, by indicator and period: where the baselines come from."""
    with (HERE / filename).open("rb") as handle:
        found = fingertips.layout(handle, area_code=area_code)
        return {
            (row.indicator_id, row.period): row.value
            for row in fingertips.rows(handle, found)
            if isinstance(row, fingertips.Row) and row.area_code == area_code
        }


def _add(demo: Demo, strategy: Strategy, officer, specs: tuple[Spec, ...], baselines: dict) -> list:
    priorities = {
        priority.title: priority
        for domain in strategy.domains.all().prefetch_related("priorities")
        for priority in domain.priorities.all()
    }
    added = []
    for spec in specs:
        measured = []
        for title in spec.priorities:
            if title in priorities:
                measured.append(priorities[title])
            else:
                demo.warn(
                    f"Indicators: no priority “{title}” in {strategy}; “{spec.title}” is not linked to it."
                )
        baseline = baselines.get((spec.fingertips_id, spec.baseline_period))
        target_value, target_date = spec.target or (None, None)
        added.append(
            services.indicator_create(
                strategy=strategy,
                by=officer,
                title=spec.title,
                definition=spec.definition,
                source=IndicatorSource.FINGERTIPS if spec.fingertips_id else IndicatorSource.LOCAL,
                fingertips_id=spec.fingertips_id,
                unit=spec.unit,
                polarity=spec.polarity,
                baseline_value=round(baseline, 1) if baseline is not None else None,
                baseline_period=spec.baseline_period if baseline is not None else "",
                target_value=target_value,
                target_date=target_date,
                priorities=measured,
            )
        )
    return added


def _import(strategy: Strategy, officer, filename: str) -> None:
    with (HERE / filename).open("rb") as handle:
        services.indicators_import(strategy=strategy, by=officer, handle=handle)


def load_thurrock(demo: Demo, strategy: Strategy, officer) -> None:
    baselines = _file_values("thurrock.csv", strategy.board.area_code)
    # Once the baselines' figures (2021/22's, published in the autumn of 2022) were out.
    with story_time(_noon(date(2023, 1, 16))):
        _add(demo, strategy, officer, THURROCK, baselines)
    with story_time(_noon(date(2025, 3, 3))):
        _import(strategy, officer, "thurrock.csv")
    first_period, count, denominator, _, first_day = CARERS[0]
    with story_time(_noon(first_day)):
        (carers,) = _add(
            demo, strategy, officer, (CARERS_INDICATOR,), {(None, first_period): count / denominator * 100}
        )
    for period, count, denominator, note, day in CARERS:
        with story_time(_noon(day)):
            services.data_point_record(
                indicator=carers,
                by=officer,
                period=period,
                count=count,
                denominator=denominator,
                value_note=note,
            )


def load_leicestershire(demo: Demo, strategy: Strategy, officer) -> None:
    """Added now: the strategy is a draft in consultation, and its story runs to today."""
    _add(
        demo, strategy, officer, LEICESTERSHIRE, _file_values("leicestershire.csv", strategy.board.area_code)
    )
    _import(strategy, officer, "leicestershire.csv")


def summary(strategy: Strategy) -> str:
    indicators = strategy.indicators.count()
    points = DataPoint.objects.filter(indicator__strategy=strategy)
    areas = ", ".join(sorted(set(points.exclude(area_name="").values_list("area_name", flat=True))))
    return f"{indicators} indicators, {points.count()} data points ({areas})"
