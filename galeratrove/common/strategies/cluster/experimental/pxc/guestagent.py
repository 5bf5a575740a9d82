"""PXC guest strategy: the shared Galera guest manager serves it."""

from galeratrove.common.strategies.cluster.experimental.galera_common import (
    guestagent as galera_guest)


class PXCGuestAgentStrategy(galera_guest.GaleraCommonGuestAgentStrategy):
    pass
