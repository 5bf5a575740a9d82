"""galeratrove: a Trove-compatible DBaaS control plane for Galera clusters."""


import warnings

# futurist probes for eventlet, which warns on import; we never use it.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')


def _use_threads():
    """oslo.service (pulled in by oslo.messaging) must not load eventlet."""
    try:
        from oslo_service import backend
    except ImportError:
        return
    if backend.get_backend_type() is None:
        backend.init_backend(backend.BackendType.THREADING)


_use_threads()
