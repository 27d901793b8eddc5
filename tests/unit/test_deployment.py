"""The deployment files, checked against what they name: compose.yaml's commands, variables and
health checks against the CLI and the settings; the Dockerfile and make against one install script
and one lock; the embedded default without the scale-out extra. No container is built here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer.main
import yaml

from switchboard.cli import app
from switchboard.settings import Settings

ROOT = Path(__file__).parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICE = COMPOSE["services"]["switchboard"]


def _expanded(value: str) -> str:
    """``${VAR:?message}`` and ``${VAR:-default}`` as compose would expand them with VAR unset (or set)."""
    return re.sub(r"\$\{(\w+):([?-])([^}]*)\}", lambda m: m[3] if m[2] == "-" else f"given-{m[1].lower()}", value)


def test_the_command_is_the_cli_serving_two_workers_on_one_port() -> None:
    command: Any = typer.main.get_command(app)
    name, *args = SERVICE["command"]
    serve = command.commands[name]
    params = serve.make_context(name, list(args)).params  # unknown options or bad values raise here
    assert params["workers"] == 2 and params["host"] == "0.0.0.0"  # noqa: S104 - the container listens on its own interface
    assert SERVICE["ports"] == [f"{params['port']}:{params['port']}"]
    assert str(params["port"]) in " ".join(SERVICE["healthcheck"]["test"])
    assert "/health" in " ".join(SERVICE["healthcheck"]["test"])


def test_every_variable_is_a_setting_and_valid(monkeypatch: Any) -> None:
    environment = SERVICE["environment"]
    fields = {f"SWITCHBOARD_{name.upper()}" for name in Settings.model_fields}
    assert set(environment) <= fields, set(environment) - fields
    for key, value in environment.items():
        monkeypatch.setenv(key, _expanded(str(value)))
    settings = Settings()
    assert settings.database_url is not None and settings.database_url.startswith("postgresql+asyncpg://")
    assert "@postgres:5432/" in settings.database_url
    assert settings.redis_url == "redis://redis:6379/0"
    assert settings.metrics_token and settings.log_format == "json"
    for required in ("SWITCHBOARD_SECRET_KEY", "SWITCHBOARD_METRICS_TOKEN"):
        assert ":?" in environment[required]  # compose refuses to start without them, saying which


def test_dependencies_are_healthy_before_switchboard_starts() -> None:
    services = COMPOSE["services"]
    for dependency, condition in SERVICE["depends_on"].items():
        assert condition == {"condition": "service_healthy"} and "healthcheck" in services[dependency]
    postgres = services["postgres"]["environment"]
    url = SERVICE["environment"]["SWITCHBOARD_DATABASE_URL"]
    assert url == (
        f"postgresql+asyncpg://{postgres['POSTGRES_USER']}:{postgres['POSTGRES_PASSWORD']}"
        f"@postgres:5432/{postgres['POSTGRES_DB']}"
    )


def test_image_and_make_install_through_the_same_script_and_lock() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "RUN scripts/install.sh /opt/switchboard runtime" in dockerfile
    assert "./scripts/install.sh $(VENV) dev" in makefile
    assert re.search(r"^USER switchboard$", dockerfile, re.M)  # not root
    assert dockerfile.count("FROM ") == 2  # multi-stage: no build tools in the final image
    assert 'ENTRYPOINT ["switchboard"]' in dockerfile
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.M)
    assert cmd is not None and yaml.safe_load(cmd[1]) == SERVICE["command"]
    install = (ROOT / "scripts/install.sh").read_text()
    assert "--require-hashes" in install and "requirements/$KIND.lock" in install
    # The image forbids writing bytecode at run time: it is compiled at install, or every start compiles it.
    assert "PYTHONDONTWRITEBYTECODE=1" in dockerfile
    # Every kind, the dev venv too: the tests start a few hundred interpreters under the same setting.
    assert re.search(r"^export UV_COMPILE_BYTECODE=1$", install, re.M)


def test_the_locks_pin_every_dependency_with_hashes() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    runtime = (ROOT / "requirements/runtime.lock").read_text()
    dev = (ROOT / "requirements/dev.lock").read_text()
    block = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    names = [re.split(r"[<>=\[;]", line.strip().strip('",'))[0].lower() for line in block.splitlines() if '"' in line]
    for name in [*names, "asyncpg", "redis"]:
        assert re.search(rf"^{re.escape(name)}==\S+ \\$", runtime, re.M), name
        assert re.search(rf"^{re.escape(name)}==\S+ \\$", dev, re.M), name
    assert not re.search(r"^pytest==", runtime, re.M)
    assert all("--hash=sha256:" in entry for entry in re.split(r"\n(?=\S)", runtime) if "==" in entry)


def test_the_embedded_default_runs_without_the_scale_out_extra(tmp_path: Path) -> None:
    script = (
        "import sys; sys.modules['redis'] = None; sys.modules['asyncpg'] = None\n"  # as if not installed
        "from switchboard.api.app import create_app\n"
        "from switchboard.api.services import Services\n"
        "from switchboard.settings import Settings\n"
        f"settings = Settings(data_dir={str(tmp_path)!r})\n"
        "create_app(settings); Services.build(settings)\n"
        "try:\n"
        "    Services.build(Settings(data_dir=settings.data_dir, redis_url='redis://127.0.0.1:1'))\n"
        "except Exception as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "pip install 'switchboard[scale]'" in result.stdout


def test_licence_is_apache_2() -> None:
    assert "Apache License" in (ROOT / "LICENSE").read_text() and "Version 2.0" in (ROOT / "LICENSE").read_text()
    assert 'license = "Apache-2.0"' in (ROOT / "pyproject.toml").read_text()
