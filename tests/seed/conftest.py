"""Fixtures for the loaders' tests: a command's output, and the reference data loaded once."""

from io import StringIO

import pytest
from django.core.management import call_command


def run_command(name, *args):
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def reference_data(db):
    """The output of load_reference_data, run once."""
    return run_command("load_reference_data")
