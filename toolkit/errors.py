"""The one exception type for errors a user can cause; the CLI prints it as one line."""


class SrcalignError(Exception):
    """Bad input or environment: the message is shown to the user as it is (exit code 2)."""
