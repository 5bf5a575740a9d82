"""Exceptions raised by the guest-side Galera node library."""


class NodeError(Exception):
    """A node operation failed.

    ``log_tail`` holds the last lines of the node's error log (if any),
    appended to the message so a failure explains itself.
    """

    def __init__(self, message, log_tail=None):
        self.log_tail = log_tail
        if log_tail:
            message = '%s\n--- last lines of the node error log ---\n%s' % (
                message, log_tail.rstrip())
        super().__init__(message)


class NodeTimeout(NodeError):
    """A wait on a node condition ran out of time."""


class NodePoweredOff(NodeError):
    """The instance is being deleted: its calls in flight end with this."""


class NodeNotRunning(NodeError):
    """An operation needs a running server but none is running."""


class ConfigError(ValueError):
    """A configuration parameter is invalid (never echoes secrets)."""
