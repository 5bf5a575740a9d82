"""Fixtures: the embedded galeratrove-all, and the Keystone stack.

``embedded`` is one ``galeratrove-all`` with no auth for the session,
each module working in a project of its own; ``keystone_stack`` is a real
Keystone (tests/functional/keystone_fixture.py) with a
``galeratrove-all`` behind it (``auth_strategy = keystone``), its
``database`` endpoint in the catalog. Nothing is skipped: a missing
service fails the tests that need it. Teardown deletes the clusters
left, stops the servers and kills leftover mariadbd.
"""

import random

import pytest

from tests.functional.cli import clean_env
from tests.functional.cli import GaleraTrove
from tests.functional.cli import KeystoneStack
from tests.functional.cli import Runner


@pytest.fixture(scope='session')
def embedded():
    with GaleraTrove('cli') as server:
        yield server


@pytest.fixture(scope='module')
def project(embedded):
    """A project of its own for each module, cleaned up after it."""
    name = 'p%s' % random.randint(10 ** 6, 10 ** 7)
    yield name
    embedded.delete_clusters(name)


@pytest.fixture(scope='module')
def url(embedded, project):
    """The module's project endpoint of the embedded service."""
    return embedded.endpoint(project)


@pytest.fixture(scope='module')
def cli(embedded, project):
    return Runner(clean_env(OS_AUTH_TYPE='none',
                            OS_ENDPOINT=embedded.endpoint(project)))


@pytest.fixture(scope='session')
def keystone_stack():
    stack = KeystoneStack()
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
