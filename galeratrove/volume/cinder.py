"""Cinder volumes, one per instance, through python-cinderclient.

A volume is named after its instance id, so a boot retried after a
taskmanager restart finds the volume it made instead of making another.
"""

from cinderclient import exceptions as cinder_exc
from oslo_log import log as logging

from galeratrove.common import clients
from galeratrove.common import exception
from galeratrove.common import utils
from galeratrove.conf import CONF
from galeratrove.volume import base

LOG = logging.getLogger(__name__)

# Cinder says these while the volume is on its way to 'available'.
_SETTLING = ('creating', 'downloading', 'detaching', 'attaching',
             'reserved', 'deleting', 'in-use')


def _volume(vol):
    return base.Volume(id=vol.id, name=vol.name, size=vol.size,
                       type=getattr(vol, 'volume_type', None),
                       status=vol.status)


class CinderVolumeDriver(base.VolumeDriver):

    capabilities = frozenset(['volume_types'])

    def __init__(self, client=None):
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = clients.cinder()
        return self._client

    def _wait(self, check, timeout, what):
        return utils.wait_for(check, timeout, interval=0.5,
                              max_interval=CONF.nova.poll_interval,
                              what=what)

    def create(self, context, name, size, volume_type=None,
               availability_zone=None, metadata=None):
        found = [v for v in self.find(name) if v.status != base.ERROR]
        if found:
            vol = found[0]
        else:
            try:
                vol = _volume(self.client.volumes.create(
                    size, name=name, volume_type=volume_type,
                    availability_zone=availability_zone,
                    metadata=metadata or {}))
            except cinder_exc.OverLimit as e:
                raise exception.CloudQuotaExceeded(
                    what='a %d GB volume' % size, reason=e)
            except cinder_exc.ClientException as e:
                raise exception.VolumeError(reason='creating %s: %s'
                                            % (name, e))
        LOG.info('Volume %s (%s, %d GB) created', vol.id, name, size)

        def available():
            current = self.get(vol.id)
            if current is None or current.status.startswith('error'):
                raise exception.VolumeError(
                    reason='volume %s went into %s' % (
                        vol.id, current.status if current else 'nothing'))
            return current if current.status == base.AVAILABLE else None
        return self._wait(available, CONF.cinder.create_timeout,
                          'volume %s available' % vol.id)

    def find(self, name):
        return [_volume(v) for v in self.client.volumes.list(
            search_opts={'name': name})]

    def get(self, volume_id):
        try:
            return _volume(self.client.volumes.get(volume_id))
        except cinder_exc.NotFound:
            return None

    def delete(self, volume_id):
        """Wait for a detach (Nova does it as the server goes), delete."""
        def deletable():
            vol = self.get(volume_id)
            return vol is None or vol.status not in _SETTLING
        self._wait(deletable, CONF.nova.delete_timeout,
                   'volume %s detached' % volume_id)
        try:
            self.client.volumes.delete(volume_id)
        except cinder_exc.NotFound:
            return
        self._wait(lambda: self.get(volume_id) is None,
                   CONF.nova.delete_timeout,
                   'volume %s deleted' % volume_id)
        LOG.info('Volume %s deleted', volume_id)
