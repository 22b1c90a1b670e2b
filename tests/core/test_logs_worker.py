"""
A task queued by a request logs, in a real worker (`celery -A config worker`, logging JSON as in
production), under the request's id: the id travels in the message's headers through Redis.
"""

import json
import os
import time

import pytest
from django.http import HttpResponse
from django.urls import include, path

from consultations.tasks import consultations_on_schedule
from tests.core.documents.test_worker import Workers

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: make test provides it"),
    pytest.mark.urls(__name__),
]


def queue_a_task(request):
    result = consultations_on_schedule.delay()  # Harmless: no consultation is due.
    return HttpResponse(result.id)


urlpatterns = [path("test/queue/", queue_a_task), path("", include("config.urls"))]


@pytest.fixture
def json_worker(django_db_setup, transactional_db, celery_not_eager, tmp_path):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker is another process")
    pool = Workers(tmp_path)
    pool.env["LOG_FORMAT"] = "json"
    try:
        pool.start("json")
        pool.wait_until_ready("json")
        yield pool
    finally:
        pool.stop()


def test_the_workers_task_lines_carry_the_request_id(json_worker, client):
    response = client.get("/test/queue/", headers={"X-Request-ID": "abcdef-worker-7"})
    task_id = response.content.decode()

    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(line.get("task_id") == task_id for line in lines):
        time.sleep(0.1)
        lines = [json.loads(line) for line in json_worker.log("json").splitlines() if line.startswith("{")]
    finished = [line for line in lines if line.get("task_id") == task_id]
    assert finished, json_worker.logs()
    (succeeded,) = [line for line in finished if "succeeded" in line["message"]]
    assert succeeded["request_id"] == "abcdef-worker-7"
    assert succeeded["task_name"] == "consultations.tasks.consultations_on_schedule"
    assert succeeded["logger"] == "celery.app.trace"
