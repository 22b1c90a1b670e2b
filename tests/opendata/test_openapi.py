"""The OpenAPI document: served by the portal, generated from the code, valid, and listing every endpoint."""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

# The API's own patterns that are not operations: the document itself, and django-ninja's root (ours
# answers there, as the operation "index").
NOT_OPERATIONS = {"openapi-json", "api-root"}


def api_routes() -> set[str]:
    """Every operation's address as the resolver knows it, written as OpenAPI writes paths."""
    routes = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api-v1":
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                if pattern.name not in NOT_OPERATIONS:
                    route = str(entry.pattern) + str(pattern.pattern)
                    routes.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return routes


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_document_is_valid_openapi(document):
    validate(document)

    assert document["openapi"].startswith("3.")
    assert "Open Government Licence v3.0" in document["info"]["description"]
    assert document["info"]["license"] == {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    }


def test_it_lists_every_endpoint_of_the_api(document):
    routes = api_routes()

    assert len(routes) == 15
    assert set(document["paths"]) == routes


def test_every_operation_is_a_get_with_its_errors_described(document):
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, path
        responses = operations["get"]["responses"]
        if not path.endswith((".csv", "/v1/")):
            assert {"200", "400", "404"} <= set(responses), path


def test_the_lists_document_their_bounds(document):
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/boards"]["get"]["parameters"]}

    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert parameters["page_size"]["schema"]["minimum"] == 1
    assert parameters["page"]["schema"]["minimum"] == 1


def test_the_downloads_are_described_as_csv(document):
    for path in ("/api/v1/indicators.csv", "/api/v1/decisions.csv"):
        assert "text/csv" in document["paths"][path]["get"]["responses"]["200"]["content"], path


def test_news_documents_its_filters_and_its_address(document):
    parameters = {p["name"] for p in document["paths"]["/api/v1/news"]["get"]["parameters"]}

    assert parameters == {"board", "strategy", "page", "page_size"}
    assert "/api/v1/boards/{board_slug}/news/{pk}" in document["paths"]
