# syntax=docker/dockerfile:1
# One image for the web and worker processes (docker-compose.yml chooses the command).

# --- Front-end assets: GOV.UK Frontend compiled with the portal's Sass ---------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/src static/src
RUN npm run build

# --- Python dependencies, from pyproject.toml (production lists only) ----------------------------
FROM python:3.12-slim-bookworm AS python-deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml /tmp/
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install -r /tmp/requirements.txt

# --- Runtime ----------------------------------------------------------------------------------
FROM python:3.12-slim-bookworm
# WeasyPrint's native libraries, and the fonts the PDF and page styles name; pg_dump and pg_restore for
# manage.py backup and restore (version 15, as the postgres service in docker-compose.yml).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    MEDIA_ROOT=/app/media

RUN useradd --system --create-home --home-dir /home/hwb --uid 10001 --user-group hwb
WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
COPY . .
COPY --from=assets /build/static/dist static/dist

# Static files are part of the image: hashed names and compressed copies, made once at build.
# The key only satisfies the settings' start-up check for this one command; it is not kept.
RUN SECRET_KEY=collectstatic-only-not-a-secret DEBUG=false python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/backups && chown hwb:hwb /app/media /app/backups

USER hwb
EXPOSE 8000
# No gunicorn access log: core.access writes one line per request, with its request id and without the
# query string (which can hold a link's token).
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]
