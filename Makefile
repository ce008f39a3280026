# The two commands a newcomer needs:  make run   and   make test
PORT ?= 8000
UV = $$(cat var/.uv-path)
# The embedded default: SQLite under var/, Celery in eager mode, no server to install.
RUN_ENV = DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/var/db.sqlite3 REDIS_URL=

.PHONY: run test clean

run:
	@scripts/bootstrap.sh
	@$(RUN_ENV) $(UV) run python manage.py migrate --no-input -v0
	@$(RUN_ENV) $(UV) run python manage.py seed_demo
	@echo "打开 http://127.0.0.1:$(PORT)/ 用上面的演示账号登录（按 Ctrl+C 停止）"
	@$(RUN_ENV) $(UV) run python manage.py runserver 127.0.0.1:$(PORT)

# DATABASE_URL / REDIS_URL from the environment decide the database and broker
# (.ci/run sets PostgreSQL and Redis); without them: SQLite and eager Celery.
test:
	@scripts/bootstrap.sh --test
	@$(UV) run pytest

clean:
	rm -rf var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm var/media var/test-media test-artifacts
