# Runs the election bot. Not built in CI (no Docker engine on the build machines): a starting point.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir .
COPY knowledge ./knowledge
COPY seeds ./seeds
RUN useradd --create-home bot && mkdir -p /app/data && chown bot /app/data /app/knowledge -R
USER bot
ENV DATABASE_PATH=/app/data/bot.sqlite3 KNOWLEDGE_DIR=/app/knowledge
VOLUME ["/app/data"]
CMD ["python", "-m", "bot", "run"]
