"""Fixtures every functional suite may use."""

import shutil

import pytest

from tests.functional import helpers


@pytest.fixture
def open_root():
    """A /tmp/gt-… directory the nodes' users can traverse, removed after.

    pytest's own tmp_path is private (0700), so a service hosting nodes
    would refuse it.
    """
    root = helpers.make_root('fn')
    yield root
    shutil.rmtree(root, ignore_errors=True)
