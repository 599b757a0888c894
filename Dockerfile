# One image for the four services; the command chooses the service:
#   uvicorn --factory services.<name>.app:create_app --host 0.0.0.0 --port 8000
FROM python:3.11.11-slim-bookworm AS build
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY services ./services
COPY shared ./shared
COPY tools ./tools
RUN uv sync --frozen --no-dev

FROM python:3.11.11-slim-bookworm
RUN useradd --system --uid 10001 --no-create-home homeward
WORKDIR /app
COPY --from=build --chown=homeward /app /app
USER homeward
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 LOG_FORMAT=json
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
CMD ["uvicorn", "--factory", "services.intake.app:create_app", "--host", "0.0.0.0", "--port", "8000", "--timeout-graceful-shutdown", "8"]
