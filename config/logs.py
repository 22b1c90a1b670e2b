"""The logging configuration (config.settings' LOGGING): the console, with the request id on every line."""


def logging_settings(log_format: str, *, level: str) -> dict:
    """
    Logs go to the console (the container's output), as one JSON object per line (log_format "json",
    for a log collector) or readable text ("text"). Every line carries the request id of the request
    or Celery task it belongs to (core.logs).
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "core.logs.RequestContextFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": ["levelname", "name", "message"],
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": True,
            },
            "text": {"()": "core.logs.TextFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["context"]}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "weasyprint": {"level": "ERROR"},
            "fontTools": {"level": "ERROR"},
            # Failures and lock-outs are warnings; axes' INFO lines repeat every sign-in.
            "axes": {"level": "WARNING"},
            # core.access has a line for every request, whatever its status: django.request's warnings
            # for each 4xx would only repeat it. Its errors (a 500's traceback) stay.
            "django.request": {"level": "ERROR"},
        },
    }
