"""`python -m search_app [--index DIR] [--host 127.0.0.1] [--port 8000]`: serve with waitress."""
from __future__ import annotations

import argparse
import os
import sys

from index import ForeignIndexError, IndexNotFoundError


def main(argv: list[str] | None = None) -> int:
    """Open the index and serve the site until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m search_app", description=__doc__)
    parser.add_argument("--index", help="index folder (default: $ARCHIVE_INDEX, else instance/index)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    args = parser.parse_args(argv)

    from waitress import serve

    from . import create_app

    config = {"INDEX_DIR": args.index} if args.index else {}
    try:
        app = create_app(overrides=config)
    except (IndexNotFoundError, ForeignIndexError) as exc:
        print(f"search_app: {exc}", file=sys.stderr)
        return 2
    print(f"Serving on http://{args.host}:{args.port}/", flush=True)
    serve(app, host=args.host, port=args.port, threads=args.threads, ident="archive")
    return 0


if __name__ == "__main__":
    sys.exit(main())
