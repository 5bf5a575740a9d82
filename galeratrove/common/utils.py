"""Small helpers with no better home."""

import secrets
import string

import tenacity

_ALPHABET = string.ascii_letters + string.digits


def generate_password(length=24):
    return ''.join(secrets.choice(_ALPHABET) for _ in range(length))


def wait_for(condition, timeout, interval=0.05, max_interval=0.5,
             what='condition'):
    """Return condition()'s first truthy value, or raise TimeoutError.

    Polls with a growing interval (tenacity); used only where no event is
    available. An exception of condition() ends the wait at once.
    """
    def timed_out(retry_state):
        raise TimeoutError('%s not met within %s s' % (what, timeout))

    return tenacity.Retrying(
        retry=tenacity.retry_if_result(lambda value: not value),
        stop=tenacity.stop_after_delay(timeout),
        wait=tenacity.wait_exponential(multiplier=interval, min=interval,
                                       max=max_interval),
        retry_error_callback=timed_out)(condition)
