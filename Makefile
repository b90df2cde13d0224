# jiuye: `make demo` to try it, `make test` to check it. Everything is installed from the lock files.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Django 6 needs Python 3.12 or newer: take the first such interpreter found (PATH first, then pyenv's).
PYTHON ?= $(shell scripts/find-python)
STAMP_PY := $(VENV)/.installed
STAMP_NPM := frontend/node_modules/.installed
SWAGGER_UI := $(addprefix build/static/vendor/swagger-ui/,swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt swagger-ui.css swagger-ui.css.map LICENSE)
ASSETS := build/static/vendor/echarts.min.js build/static/vendor/htmx.min.js $(SWAGGER_UI)
MAPS := build/static/maps/shanxi_city.json build/static/maps/shanxi_county.json
SCALE ?= 1
PORT ?= 8000

.PHONY: help install fonts chromium assets migrate reference demo-data demo serve serve-prod test lint format bench lock clean

help:
	@echo "make demo   安装、迁移、加载参考数据和演示数据，并在 http://127.0.0.1:8000 启动（PORT=8001 换端口），同时启动后台任务进程"
	@echo "make serve  只启动服务和后台任务进程（已运行过 make demo 时）"
	@echo "make serve-prod  生产方式运行：DATABASE_URL 指定的 PostgreSQL、收集静态文件、gunicorn、后台任务和调度进程（见 README 的 Production）"
	@echo "make test   安装缺少的依赖，运行 ruff、迁移检查和全部测试（设置 DATABASE_URL 则用该数据库）"
	@echo "make bench  运行性能基准，打印结果"

$(STAMP_PY): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更高版本（Django 6 的要求），未找到。" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(STAMP_PY) assets fonts chromium

# Chinese glyphs for the charts of the Word reports (matplotlib draws them): Debian's Noto CJK fonts.
fonts:
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK" || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "需要 Debian 软件包 fonts-noto-cjk（图表中文字体），请以 root 安装：apt-get install fonts-noto-cjk" >&2; exit 1; fi; \
	  $$SUDO apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig >/dev/null 2>&1 \
	  || { $$SUDO apt-get update -qq && $$SUDO apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig; }; }

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot run here).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "需要 Debian 软件包 chromium（浏览器测试），请以 root 安装：apt-get install chromium" >&2; exit 1; fi; \
	  $$SUDO apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
	  || { $$SUDO apt-get update -qq && $$SUDO apt-get install -y --no-install-recommends chromium; }; }

$(STAMP_NPM): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/vendor/echarts.min.js: $(STAMP_NPM)
	mkdir -p $(@D) && cp frontend/node_modules/echarts/dist/echarts.min.js $@

build/static/vendor/htmx.min.js: $(STAMP_NPM)
	mkdir -p $(@D) && cp frontend/node_modules/htmx.org/dist/htmx.min.js $@

# Swagger UI for /api/docs (jiuye/api/docs.py), served from here: the docs page loads nothing from the internet.
# swagger-ui-dist's analytics dependency (@scarf/scarf) is switched off by "scarfSettings" in package.json.
$(SWAGGER_UI) &: $(STAMP_NPM)
	mkdir -p build/static/vendor/swagger-ui
	cp $(addprefix frontend/node_modules/swagger-ui-dist/,$(notdir $(SWAGGER_UI))) build/static/vendor/swagger-ui/

$(MAPS) &: $(STAMP_NPM) $(STAMP_PY) jiuye/reference/mapbuild.py jiuye/reference/data/regions.csv
	$(PY) -m jiuye.reference.mapbuild --echarts-dir frontend/node_modules/echarts4 \
		--regions jiuye/reference/data/regions.csv --out build/static/maps

assets: $(ASSETS) $(MAPS)

migrate: install
	mkdir -p var
	$(MANAGE) migrate --noinput

reference: migrate
	$(MANAGE) load_reference
	$(MANAGE) plans_load

demo-data: reference
	$(MANAGE) demo_data --scale $(SCALE)

demo: demo-data
	@$(MAKE) --no-print-directory serve

# The server, and beside it a worker for the long work started from the pages (uploads run as django.tasks tasks on
# the database queue, jiuye/jobs). The worker stops when the server does: Ctrl-C, or the server failing to start.
# A background job of a script ignores Ctrl-C, hence the trap; SIGTERM lets the worker finish a running import.
# The scheduler (jiuye/schedule) enqueues the nightly jobs at their times (JIUYE_SCHEDULE) for the same worker.
serve: $(STAMP_PY)
	@echo "在浏览器打开 http://127.0.0.1:$(PORT) （Ctrl-C 停止）"
	@$(MANAGE) db_worker --no-startup-delay & worker=$$!; \
	$(MANAGE) schedule_run & scheduler=$$!; \
	trap 'echo "正在停止后台任务进程（正在进行的导入会先完成）"; kill $$scheduler $$worker 2>/dev/null; wait $$worker $$scheduler' EXIT; \
	$(MANAGE) runserver 127.0.0.1:$(PORT) --nostatic

# Production on this machine (README "Production"; under systemd use deploy/systemd/ instead): the production settings
# on the DATABASE_URL given, migrated, static files collected, gunicorn (deploy/gunicorn.conf.py) with the worker and
# the scheduler beside it, stopped together as in `serve`. The production keys come from the environment
# (deploy/jiuye.env.example); without TLS in front, SECURE_SSL_REDIRECT=0.
serve-prod: export DJANGO_SETTINGS_MODULE = config.settings.production
serve-prod: export GUNICORN_BIND ?= 127.0.0.1:$(PORT)
serve-prod: $(STAMP_PY) assets fonts
	@test -n "$$DATABASE_URL" || { echo "make serve-prod 需要 DATABASE_URL（例如 postgres://jiuye@127.0.0.1:5432/jiuye）" >&2; exit 1; }
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	@$(MANAGE) db_worker & worker=$$!; \
	$(MANAGE) schedule_run & scheduler=$$!; \
	trap 'echo "正在停止后台任务进程（正在进行的导入会先完成）"; kill $$scheduler $$worker 2>/dev/null; wait $$worker $$scheduler' EXIT; \
	$(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py

lint: $(STAMP_PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP_PY)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install lint
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest

bench: install
	$(PY) -m benchmarks

lock: $(STAMP_PY)
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra maps --extra bench --python-version 3.12 -o requirements.lock
	cd frontend && npm install --package-lock-only --no-audit --no-fund

clean:
	rm -rf $(VENV) build frontend/node_modules
