# One image for every Homeward service; the command chooses the service:
#   uvicorn --factory services.<name>.app:create_app --host 0.0.0.0 --port 8000
# Built from uv.lock (--frozen: the lock is installed as it is, or the build fails), in two
# stages so the runtime image holds no build tools; runs as an unprivileged user.
ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY services ./services
COPY shared ./shared
COPY tools ./tools
RUN uv sync --frozen --no-dev

FROM ${PYTHON_IMAGE}
# DejaVu Sans: the personal-data export's PDF in Vietnamese is set in it
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 homeward \
 && useradd --system --uid 10001 --gid 10001 --no-create-home homeward \
 && mkdir -p /var/lib/homeward/auth /var/lib/homeward/front-door \
 && chown -R homeward:homeward /var/lib/homeward
WORKDIR /app
COPY --from=build --chown=root:root /app /app
USER 10001:10001
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    LOG_FORMAT=json \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=6 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
STOPSIGNAL SIGTERM
CMD ["uvicorn", "--factory", "services.intake.app:create_app", "--http", "shared.server:BoundedHttpToolsProtocol", "--host", "0.0.0.0", "--port", "8000", "--timeout-graceful-shutdown", "8"]
