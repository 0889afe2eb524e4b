"""The one kind of error the launcher shows: a single sentence saying what is wrong and how to fix it."""


class StackError(Exception):
    """Raised with a sentence meant for the operator, printed as is and nothing else."""
