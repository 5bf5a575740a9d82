"""MariaDB Galera Cluster node (mariadbd + galera-4)."""

from galeratrove.guestagent.datastore.galera_common import node


class MariaDBNode(node.GaleraNode):
    """MariaDB's defaults are GaleraNode's own; named for symmetry."""

    datastore = 'mariadb'
