"""What a machine needs to build a profile (`needs`: the Debian packages, `cvgen doctor`) and the CI workflows
that build it on every push (`workflows`: `cvgen ci github|gitlab`)."""
