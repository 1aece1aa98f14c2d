# The election bot. Not built in CI (no Docker engine on the build machines); see README, "Docker".
#   docker build -t election-bot .
#   docker run --env-file .env -v election-knowledge:/app/knowledge -v election-data:/app/data election-bot
# Without DISCORD_TOKEN it needs a terminal for the local console (docker run -it ...); with
# neither it exits 2 saying so.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip install .
COPY knowledge ./knowledge
COPY seeds ./seeds
# Example scripts for `bot rehearse` (invented results), where it looks for them under /app.
COPY tests/fixtures/rehearsal ./tests/fixtures/rehearsal
RUN useradd --create-home --uid 10001 bot \
    && mkdir -p /app/data \
    && chown -R bot:bot /app/data /app/knowledge
USER bot
ENV DATABASE_PATH=/app/data/bot.sqlite3 KNOWLEDGE_DIR=/app/knowledge
# /count writes status.yaml and /kb alias writes facts.yaml into the knowledge folder; the
# database (audit log, announcement outbox, feedback) and the heartbeat live in data/. Both are
# volumes, so they survive a re-created container.
VOLUME ["/app/knowledge", "/app/data"]
# Healthy while connected to Discord: the bot touches /app/data/heartbeat every 15 s.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
# Exec form: python is PID 1 and gets docker stop's SIGTERM; it stops cleanly, exit 0, in < 10 s.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
