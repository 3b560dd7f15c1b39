# Sourced by bin/demo and bin/test: the .venv at the repository root, installed from the hashed
# lock requirements/dev.txt (runtime + test tools) and then the plugin itself, editable, without
# dependencies; reinstalled only when the lock or pyproject.toml changes.
ensure_venv() {
  local python stamp
  python=$(command -v python3.11 || command -v python3)
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv with $python"
    "$python" -m venv .venv
  fi
  stamp=$(cat requirements/dev.txt pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$stamp" ]; then
    echo "Installing requirements/dev.txt into .venv (first run: a few minutes)"
    .venv/bin/python -m pip install --quiet --require-hashes -r requirements/dev.txt
    .venv/bin/python -m pip install --quiet --no-deps -e .
    echo "$stamp" > .venv/.requirements.sha256
  fi
}

redis_answers() {  # host port
  .venv/bin/python - "$1" "$2" <<'PY' 2>/dev/null
import sys, redis
redis.Redis(host=sys.argv[1], port=int(sys.argv[2]), socket_connect_timeout=1).ping()
PY
}
