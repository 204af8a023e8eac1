"""Allow `python -m dlstudy`."""

from dlstudy.cli.app import main

if __name__ == "__main__":
    main()
