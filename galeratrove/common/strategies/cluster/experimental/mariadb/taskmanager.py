"""MariaDB taskmanager strategy: the shared Galera flows, for [mariadb]."""

from galeratrove.common.strategies.cluster.experimental.galera_common import (
    taskmanager as galera_tm)


class MariaDBTaskManagerStrategy(galera_tm.GaleraCommonTaskManagerStrategy):
    manager = 'mariadb'
