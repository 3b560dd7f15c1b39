# Sourced by bin/demo and bin/test: the .venv at the repository root, installed from
# requirements.txt, reinstalled only when requirements.txt changes.
ensure_venv() {
  local python stamp
  python=$(command -v python3.11 || command -v python3)
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv with $python"
    "$python" -m venv .venv
  fi
  stamp=$(sha256sum requirements.txt | cut -d' ' -f1)
  if [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$stamp" ]; then
    echo "Installing requirements.txt into .venv (first run: a few minutes)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.txt
    echo "$stamp" > .venv/.requirements.sha256
  fi
}

redis_answers() {  # host port
  .venv/bin/python - "$1" "$2" <<'PY' 2>/dev/null
import sys, redis
redis.Redis(host=sys.argv[1], port=int(sys.argv[2]), socket_connect_timeout=1).ping()
PY
}
