# The two commands: `make run` (the whole system with demo data) and `make test` (the suite).
.PHONY: run test infra-up infra-down lint format clients

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

infra-up:
	bash scripts/infra.sh up

infra-down:
	bash scripts/infra.sh down

lint:
	uv run ruff check . && uv run ruff format --check . && uv run mypy

format:
	uv run ruff check --fix . && uv run ruff format .

clients:  # the Python client and TypeScript types, from the combined OpenAPI document
	uv run python -m tools.clients write
