"""What uvicorn is given to serve Switchboard: its settings (``run.py``) and its HTTP protocol.

Not under ``cli``: uvicorn imports the protocol by name in every worker process, and a module of
``cli`` would bring the whole command line (Typer, Rich, every command) into each of them.
"""
