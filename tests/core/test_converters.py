import pytest
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter

from core.converters import MAX_ID


def patterns(resolver=None, prefix=""):
    """Every URL pattern the project serves, with its route, outside Django's own admin."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


class TestIdConverter:
    @pytest.mark.parametrize("value", ["1", "42", str(MAX_ID)])
    def test_matches_ids_in_the_range_of_a_bigint(self, value):
        match = resolve(f"/manage/strategies/{value}/")

        assert match.kwargs == {"pk": int(value)}

    @pytest.mark.parametrize(
        "value",
        ["0", str(MAX_ID + 1), "9" * 20, "²", "١٢", "-1", "1.0", " 1"],
        ids=["zero", "too-big", "20-digits", "superscript", "arabic", "negative", "decimal", "space"],
    )
    def test_anything_else_is_not_found_before_a_view_runs(self, value):
        with pytest.raises(Resolver404):
            resolve(f"/manage/strategies/{value}/")

    def test_revision_numbers_are_ids_too(self):
        with pytest.raises(Resolver404):
            resolve(f"/manage/strategies/1/revisions/{'9' * 20}/")

    def test_reverses_an_id_and_refuses_one_out_of_range(self):
        assert reverse("strategies:manage", args=[7]) == "/manage/strategies/7/"
        with pytest.raises(NoReverseMatch):
            reverse("strategies:manage", args=[MAX_ID + 1])

    @pytest.mark.parametrize("value", [None, "x", 0])
    def test_reversing_with_something_that_is_not_an_id_is_no_match(self, value):
        with pytest.raises(NoReverseMatch):
            reverse("strategies:manage", kwargs={"pk": value})

    def test_no_pattern_of_ours_uses_djangos_unbounded_int(self):
        unbounded = [
            route
            for route, pattern in patterns()
            if any(isinstance(converter, IntConverter) for converter in pattern.pattern.converters.values())
        ]

        assert unbounded == []


@pytest.mark.django_db
def test_a_20_digit_id_is_a_404_for_a_signed_in_officer(officer_client):
    response = officer_client.get(f"/manage/strategies/{'9' * 20}/edit/")

    assert response.status_code == 404
