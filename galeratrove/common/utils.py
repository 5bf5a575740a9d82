"""Small helpers with no better home."""

import secrets
import string
import time

_ALPHABET = string.ascii_letters + string.digits


def generate_password(length=24):
    return ''.join(secrets.choice(_ALPHABET) for _ in range(length))


def wait_for(condition, timeout, interval=0.05, max_interval=0.5,
             what='condition'):
    """Return condition()'s first truthy value, or raise TimeoutError.

    Polls with a growing interval; used only where no event is available.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError('%s not met within %s s' % (what, timeout))
        time.sleep(min(interval, remaining))
        interval = min(interval * 2, max_interval)
