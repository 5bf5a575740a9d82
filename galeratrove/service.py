"""Starting and stopping the services, alone or together in one process."""

from oslo_log import log as logging

from galeratrove.common import rpc
from galeratrove import compute
from galeratrove.conf import CONF
from galeratrove.taskmanager import health
from galeratrove.taskmanager import schedules

LOG = logging.getLogger(__name__)


class RPCService:
    """An RPC server for one manager on its topic."""

    def __init__(self, topic, manager, server='galeratrove',
                 keys=rpc.service_keys):
        self.manager = manager
        self._server = rpc.get_server(topic, [manager], server=server,
                                      keys=keys)

    def start(self):
        self._server.start()

    def stop(self):
        self._server.stop()
        self._server.wait()


def conductor():
    """Guests report here, each with its own instance's key."""
    from galeratrove.common import context
    from galeratrove.conductor import manager
    from galeratrove.db import rpc_keys
    from galeratrove.taskmanager import rpcapi

    def check_cluster(cluster_id):
        rpcapi.API(context.admin_context()).check_cluster(cluster_id)
    return RPCService(CONF.conductor_queue,
                      manager.Manager(check_cluster=check_cluster),
                      keys=rpc_keys.get)


class TaskManagerService(RPCService):
    """Also the local driver's host: boots what was running, resumes work."""

    def __init__(self):
        from galeratrove.taskmanager import manager
        # Its own server name: a call can reach this taskmanager alone.
        super().__init__(CONF.taskmanager_queue, manager.Manager(),
                         server=CONF.taskmanager.host)

    def start(self):
        driver = compute.get_driver()
        driver.check_host()
        if hasattr(driver, 'start_host'):
            driver.start_host()
        self.manager.resume_unfinished()
        self.manager.start_leases()
        self.health = health.HealthMonitor(self.manager)
        self.manager.health = self.health
        super().start()
        self.health.start()
        self.schedules = schedules.ScheduleRunner(self.manager)
        self.schedules.start()

    def stop(self):
        self.schedules.stop()
        self.health.stop()
        super().stop()
        self.manager.stop_leases()
        compute.reset()
