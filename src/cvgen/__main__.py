"""`python -m cvgen` is the same as the `cvgen` command."""

from cvgen.cli import main

main(prog_name="cvgen")
