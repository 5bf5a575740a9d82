"""PXC taskmanager strategy: the shared Galera flows, for [pxc]."""

from galeratrove.common.strategies.cluster.experimental.galera_common import (
    taskmanager as galera_tm)


class PXCTaskManagerStrategy(galera_tm.GaleraCommonTaskManagerStrategy):
    manager = 'pxc'
