"""Percona XtraDB Cluster: the shared Galera rules apply unchanged."""

from galeratrove.common.strategies.cluster.experimental.galera_common import (
    api as galera_api)


class PXCAPIStrategy(galera_api.GaleraCommonAPIStrategy):
    manager = 'pxc'
