"""MariaDB Galera: the shared Galera rules apply unchanged."""

from galeratrove.common.strategies.cluster.experimental.galera_common import (
    api as galera_api)


class MariaDBAPIStrategy(galera_api.GaleraCommonAPIStrategy):
    manager = 'mariadb'
