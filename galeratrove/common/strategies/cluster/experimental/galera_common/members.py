"""Data nodes and the arbitrator: which members hold data.

An arbitrator (garbd) votes in the quorum and holds no data: flows never
bootstrap from it, back it up, configure, roll or log into it. Items are
instance records or request specs (dicts); no type means a data node.
"""

ARBITRATOR = 'arbitrator'
MEMBER = 'member'


def member_type(item):
    kind = (item.get('type') if isinstance(item, dict)
            else getattr(item, 'type', None))
    return kind or MEMBER


def is_arbitrator(item):
    return member_type(item) == ARBITRATOR


def data_nodes(items):
    """The members (or specs) that hold data, in their order."""
    return [i for i in items if not is_arbitrator(i)]


def arbitrators(items):
    return [i for i in items if is_arbitrator(i)]
