"""galeratrove: a Trove-compatible DBaaS control plane for Galera clusters."""


import warnings

# futurist probes for eventlet, which warns on import; we never use it.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')


def _use_threads():
    """oslo.service (pulled in by oslo.messaging) must not load eventlet.

    A hook rather than init_backend(): the threading backend is loaded
    only when a service first needs it, so the CLI starts fast.
    """
    try:
        from oslo_service import backend
    except ImportError:
        return
    backend.register_backend_default_hook(
        lambda: backend.BackendType.THREADING)


_use_threads()
