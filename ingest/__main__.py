"""`python -m ingest` runs the `ingest` command."""

from ingest.cli import cli

cli(prog_name="ingest")
