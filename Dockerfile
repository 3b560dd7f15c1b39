FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 NEWSROOM_VAR_DIR=/app/var
WORKDIR /app
# The runtime lock only: no test tools in the image.
COPY requirements/runtime.txt requirements/runtime.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/runtime.txt
COPY . .
# The plugin as a package, as any site installs it; its dependencies are already in the lock.
RUN pip install --no-cache-dir --no-deps . && rm -rf build *.egg-info
RUN useradd --create-home newsroom && mkdir -p var && chown -R newsroom var
USER newsroom
EXPOSE 8000
