"""`python -m enrichment`: the Django-free CLI (enrichment.cli)."""
import sys

from enrichment.cli import main

if __name__ == "__main__":
    sys.exit(main())
