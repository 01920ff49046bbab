"""Run every benchmark: `make bench` (or `python -m bench`)."""

from bench import store_overview

if __name__ == "__main__":
    store_overview.main()
