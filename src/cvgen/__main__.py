"""The `cvgen` command (and `python -m cvgen`)."""


def run() -> None:
    # Ctrl-C is handled before the first slow import (click, then pydantic): see cvgen.interrupt.
    from cvgen.interrupt import stop_on_signal

    stop_on_signal("interrupted; nothing was changed", early=True)
    from cvgen.cli import main

    main(prog_name="cvgen")


if __name__ == "__main__":
    run()
