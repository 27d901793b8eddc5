"""``python -m switchboard.server HOST PORT WORKERS ACCESS_LOG``: what ``switchboard serve`` becomes."""

import sys

from switchboard.server.run import serve

if __name__ == "__main__":  # a spawned worker imports this module under another name: it must not serve
    serve(sys.argv[1:])
