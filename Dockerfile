# Switchboard: a small, non-root image. Build: docker build -t switchboard .  Run: see compose.yaml.
# The install step is scripts/install.sh, the same script `make` (and so CI) runs, from the same lock.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY requirements ./requirements
COPY scripts ./scripts
COPY src ./src
RUN scripts/install.sh /opt/switchboard runtime

FROM python:3.11-slim
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/switchboard switchboard
COPY --from=build /opt/switchboard /opt/switchboard
ENV PATH=/opt/switchboard/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    SWITCHBOARD_DATA_DIR=/var/lib/switchboard
USER switchboard
WORKDIR /var/lib/switchboard
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
ENTRYPOINT ["switchboard"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
