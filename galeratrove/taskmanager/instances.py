"""Datastore-neutral instance work: boot, wait for guests, delete."""

import concurrent.futures

from oslo_log import log as logging

from galeratrove.common import exception
from galeratrove.common import rpc
from galeratrove.common import utils
from galeratrove import compute
from galeratrove.compute import base as compute_base
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import rpc_keys
from galeratrove.guestagent import rpcapi as guest_rpcapi

LOG = logging.getLogger(__name__)


def parallel(fn, items):
    """fn(item) for every item at once; {item.id: exception} of failures."""
    if not items:
        return {}
    failures = {}
    with concurrent.futures.ThreadPoolExecutor(len(items)) as pool:
        futures = {pool.submit(fn, item): item for item in items}
        for future in concurrent.futures.as_completed(futures):
            error = future.exception()
            if error is not None:
                failures[futures[future].id] = error
    return failures


def guest_config(instance, manager, flavor):
    """What the guest is given: who it is and its own RPC key, no more."""
    return {'instance_id': instance.id, 'manager': manager,
            'memory_mb': flavor.ram, 'name': instance.name,
            'volume_size': instance.volume_size,
            'rpc_key': rpc_keys.issue(instance.id)}


def boot_request(op, instance, manager, flavor):
    """What the compute driver is asked for, from the instance's record."""
    cluster = op.cluster()
    return compute_base.BootRequest(
        instance_id=instance.id, name=instance.name, flavor=flavor,
        volume=compute_base.VolumeRequest(size=instance.volume_size,
                                          type=instance.volume_type),
        guest_config=guest_config(instance, manager, flavor),
        cluster_id=op.cluster_id,
        image_id=cluster.datastore_version.image_id,
        nics=[compute_base.Nic.from_request(n) for n in instance.nics or []],
        availability_zone=instance.availability_zone,
        locality=cluster.locality,
        metadata={'galeratrove_cluster_id': op.cluster_id})


def boot(op, instance, manager):
    """Boot one instance (unless it exists) and wait for its address.

    The guest's queue is declared first so the work sent to it waits there
    until the guest agent starts.
    """
    driver = compute.get_driver()
    compute_id = instance.compute_id
    if not (compute_id and driver.get_server(compute_id)):
        rpc.ensure_queue(guest_rpcapi.topic(instance.id), server=instance.id)
        flavor = driver.get_flavor(instance.flavor_id)
        compute_id = driver.boot(op.context,
                                 boot_request(op, instance, manager, flavor))
        db_api.instance_update(instance.id, compute_id=compute_id)
    # A boot resumed after a restart still needs the address recorded.

    def ready():
        if op.cancelled():
            raise exception.OperationCancelled()
        server = driver.get_server(compute_id)
        if server is None or server.status == compute_base.ERROR:
            raise exception.ComputeError(
                reason='instance %s went into ERROR while booting%s'
                % (instance.id, ': %s' % server.fault
                   if server and server.fault else ''))
        return server if server.status == compute_base.ACTIVE else None

    server = utils.wait_for(ready, CONF.cluster.boot_timeout,
                            max_interval=driver.poll_interval,
                            what='instance %s ACTIVE' % instance.id)
    db_api.instance_update(instance.id, addresses=server.addresses)


def wait_for_guest(op, instance):
    op.guest(instance).ping(CONF.cluster.boot_timeout)


GONE = ('Its server is gone (deleted, or its host lost): the health checks '
        'do not restart it. Replace it (the cluster action '
        'replace-instance) or shrink it away.')


def server_gone(instance):
    """Whether the instance's server was deleted or broke for good.

    A dead host looks so: the cloud lists no server (or one in ERROR),
    or the local driver finds no disk. Such a member is left to a
    replace; a compute API that does not answer says nothing (False).
    """
    if not instance.compute_id:
        return False
    try:
        server = compute.get_driver().get_server(instance.compute_id)
    except Exception as e:
        LOG.info('Could not look up the server of %s: %s', instance.id, e)
        return False
    return server is None or server.status == compute_base.ERROR


def delete(instance):
    """Delete the server and its disk, then the record; idempotent."""
    compute.get_driver().delete(instance.compute_id or instance.id)
    db_api.instance_destroy(instance.id)


def delete_servers(instance_ids):
    """Delete servers a cancelled flow may have booted after the delete."""
    driver = compute.get_driver()
    for instance_id in instance_ids:
        row = db_api.instance_get_any(instance_id)
        driver.delete(row.compute_id or row.id if row else instance_id)
