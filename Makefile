# WindFlow: the two local commands are `make run` and `make test`; the Docker Compose targets
# (minimal, enable-*, disable-*, dev-full, prod, status, logs) run it in containers (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

DOTNET      ?= dotnet
PUBLISH_DIR := artifacts/publish
# ReadyToRun: start-up ~2.0 s instead of ~2.9 s on 2 cores (bench/README.md). It is RID-specific,
# so publish restores for linux-x64 itself.
PUBLISH_FLAGS := -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true
URLS        ?= $(or $(WINDFLOW_URLS),http://localhost:8080)
DATA_DIR    ?= $(or $(WINDFLOW_DATA_DIR),$(CURDIR)/data)
# Debian packages the test suite drives for real (browser, database server, engine, compose v1 as the
# reference implementation, image registry, Prometheus and promtool for the metrics, rules and dashboards,
# a Debian root filesystem for the Dockerfile's base images).
TEST_APT_PACKAGES := chromium postgresql-15 docker.io docker-compose busybox-static docker-registry openssh-server openssh-client openssl prometheus mmdebstrap
# Docker Compose: .env (secrets and enabled extensions) is made on first use by scripts/gen-env.sh.
ENV_FILE    ?= $(CURDIR)/.env
EXTENSIONS  := WINDFLOW_ENV_FILE="$(ENV_FILE)" scripts/extensions.sh
EXTENSION_NAMES := database sso monitoring workers
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: help run test format clean nuget-restore build publish test-deps bench bench-docker bench-deploy bench-metrics bench-footprint migrate-db backup restore
.PHONY: env minimal dev-full prod status logs down image $(addprefix enable-,$(EXTENSION_NAMES) cache mon work) $(addprefix disable-,$(EXTENSION_NAMES) cache)

help:
	@echo "make run     build and start WindFlow on $(URLS) (SQLite under $(DATA_DIR))"
	@echo "make test    install test dependencies when missing, then build and run the whole suite"
	@echo "make format  apply dotnet format"
	@echo "make bench   start-up, memory and throughput figures (bench/README.md)"
	@echo "make bench-docker  Docker target figures on a private dockerd: lists, logs, client (bench/README.md)"
	@echo "make bench-deploy  deploy figures on a private dockerd: WindFlow vs docker-compose vs the engine floor (bench/README.md)"
	@echo "make bench-metrics /metrics scrape cost and request throughput with and without metrics (bench/README.md)"
	@echo "make bench-footprint start-to-healthy and memory of the minimal core, alone and scraped by Prometheus"
	@echo "make migrate-db TO=postgres CONNECTION='Host=...' [FORCE=1]  copy the SQLite data to PostgreSQL (stop WindFlow first)"
	@echo "make backup [OUT=file.tar.gz]  archive WindFlow's data (database, keys, settings); works while it runs"
	@echo "make restore FILE=file.tar.gz [FORCE=1]  put an archive back (stop WindFlow first)"
	@echo "make clean   remove build output (keeps ./data)"
	@echo
	@echo "Docker Compose (secrets and enabled extensions in .env, made on first use):"
	@echo "make minimal            WindFlow (SQLite) behind Traefik; disables every extension"
	@echo "make enable-<ext>       add an extension: database, sso, monitoring, workers (cache: see why not)"
	@echo "make disable-<ext>      remove it (its data volumes stay)"
	@echo "make dev-full           every extension;  make prod: database + monitoring"
	@echo "make status / logs      containers and extensions / follow the logs (SERVICE=name for one)"
	@echo "make down               stop and remove the containers (volumes stay)"

# `make restore` puts a backup back (below); this one restores NuGet packages.
nuget-restore:
	$(DOTNET) restore WindFlow.Blazor.sln

build: nuget-restore
	$(DOTNET) build WindFlow.Blazor.sln --no-restore -c Release

publish:
	$(DOTNET) publish WindFlow.Web/WindFlow.Web.csproj $(PUBLISH_FLAGS) -o $(PUBLISH_DIR)

run: publish
	@mkdir -p "$(DATA_DIR)"
	@echo
	@echo "  WindFlow is starting on $(URLS)"
	@echo "  Data: $(DATA_DIR) (SQLite: $(DATA_DIR)/windflow.db)"
	@if [ -n "$$WINDFLOW_ADMIN_USER" ]; then \
	  echo "  Sign in as $$WINDFLOW_ADMIN_USER with WINDFLOW_ADMIN_PASSWORD."; \
	else \
	  echo "  First start: open $(URLS)/setup to create the administrator (or set WINDFLOW_ADMIN_USER/WINDFLOW_ADMIN_PASSWORD)."; \
	fi
	@echo "  API docs: $(URLS)/api/docs   Stop with Ctrl+C."
	@echo
	WINDFLOW_URLS="$(URLS)" WINDFLOW_DATA_DIR="$(DATA_DIR)" $(DOTNET) $(PUBLISH_DIR)/WindFlow.Web.dll

# Copies $(DATA_DIR)/windflow.db into PostgreSQL; README.md "Moving from SQLite to PostgreSQL".
migrate-db: publish
	@[ -n "$(CONNECTION)" ] || { echo "usage: make migrate-db TO=postgres CONNECTION='Host=...;Database=windflow;Username=...;Password=...' [FORCE=1]"; exit 2; }
	WINDFLOW_DATA_DIR="$(DATA_DIR)" $(DOTNET) $(PUBLISH_DIR)/WindFlow.Web.dll migrate-db --to "$(or $(TO),postgres)" --connection "$(CONNECTION)" $(if $(FORCE),--force)

# README.md "Backup and restore".
BACKUP_OUT ?= $(or $(OUT),backups/windflow-$(shell date -u +%Y%m%dT%H%M%SZ).tar.gz)
backup: publish
	WINDFLOW_DATA_DIR="$(DATA_DIR)" $(DOTNET) $(PUBLISH_DIR)/WindFlow.Web.dll backup --out "$(BACKUP_OUT)"

restore: publish
	@[ -n "$(FILE)" ] || { echo "usage: make restore FILE=backups/windflow-....tar.gz [FORCE=1]"; exit 2; }
	WINDFLOW_DATA_DIR="$(DATA_DIR)" $(DOTNET) $(PUBLISH_DIR)/WindFlow.Web.dll restore --from "$(FILE)" $(if $(FORCE),--force)

# Installs only what is missing, so a prepared machine pays nothing.
test-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$$missing postgresql-15"; \
	[ -x /usr/sbin/dockerd ] || missing="$$missing docker.io"; \
	[ -x /usr/bin/docker-compose ] || missing="$$missing docker-compose"; \
	[ -x /bin/busybox ] || missing="$$missing busybox-static"; \
	[ -x /usr/bin/docker-registry ] || missing="$$missing docker-registry"; \
	[ -x /usr/sbin/sshd ] || missing="$$missing openssh-server"; \
	[ -x /usr/bin/ssh ] || missing="$$missing openssh-client"; \
	[ -x /usr/bin/openssl ] || missing="$$missing openssl"; \
	[ -x /usr/bin/promtool ] || missing="$$missing prometheus"; \
	[ -x /usr/bin/mmdebstrap ] || missing="$$missing mmdebstrap"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "Test dependencies present: $(TEST_APT_PACKAGES)"; \
	fi
	@# The OpenID provider the SSO tests sign in against (the fixture also installs it when missing).
	@[ -f tools/oidc-provider/node_modules/oidc-provider/package.json ] || npm ci --no-audit --no-fund --prefix tools/oidc-provider

test: test-deps nuget-restore
	$(DOTNET) build WindFlow.Blazor.sln --no-restore -c Debug
	$(DOTNET) format WindFlow.Blazor.sln --no-restore --verify-no-changes
	$(DOTNET) publish WindFlow.Web/WindFlow.Web.csproj $(PUBLISH_FLAGS) -o $(PUBLISH_DIR)
	@set -o pipefail; $(DOTNET) test WindFlow.Tests/WindFlow.Tests.csproj --no-build -c Debug 2>&1 | tee artifacts/test.log; status=$$?; \
	  summary=$$(grep -E '^(Passed|Failed)!' artifacts/test.log | tail -1); \
	  passed=$$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$$summary"); failed=$$(sed -nE 's/.*Failed: *([0-9]+), Passed.*/\1/p' <<<"$$summary"); \
	  skipped=$$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$$summary"); \
	  echo "$${passed:-0} passed, $${failed:-0} failed, $${skipped:-0} skipped"; \
	  exit $$status

bench: publish
	bash bench/startup-memory-throughput.sh

# Needs docker.io, busybox-static and chromium (`make test-deps`); starts its own dockerd.
bench-docker: publish
	bash bench/docker.sh

format:
	$(DOTNET) format WindFlow.Blazor.sln

clean:
	$(DOTNET) clean WindFlow.Blazor.sln -v q || true
	rm -rf artifacts */bin */obj

bench-deploy: publish
	bash bench/deploy.sh

bench-metrics: publish
	bash bench/metrics.sh

bench-footprint: publish
	bash bench/footprint.sh

# ---- Docker Compose ---------------------------------------------------------------------------------
env:
	scripts/gen-env.sh "$(ENV_FILE)"

image:
	docker build -t windflow:local .

minimal:
	$(EXTENSIONS) set
	$(EXTENSIONS) up --build

dev-full:
	$(EXTENSIONS) set $(EXTENSION_NAMES)
	$(EXTENSIONS) up --build

# The small production set of the extensions guide; put TLS in front of port 80 (README).
prod:
	$(EXTENSIONS) set database monitoring
	$(EXTENSIONS) up --build

enable-cache disable-cache:
	@$(EXTENSIONS) enable cache

enable-mon: enable-monitoring
enable-work: enable-workers

$(addprefix enable-,$(EXTENSION_NAMES)): enable-%:
	$(EXTENSIONS) enable $*
	$(EXTENSIONS) up

$(addprefix disable-,$(EXTENSION_NAMES)): disable-%:
	$(EXTENSIONS) disable $*
	$(EXTENSIONS) up

status:
	@$(EXTENSIONS) status

logs:
	$(EXTENSIONS) logs $(SERVICE)

down:
	$(EXTENSIONS) down
