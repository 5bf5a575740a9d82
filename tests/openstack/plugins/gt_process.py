"""Nova virt driver for the test stack: a server is a local process.

Built on Nova's FakeDriverWithoutFakeNodes (scheduling, resources and node
identity stay Nova's). Spawn runs the server's user data with ``sh`` as a
process of its own session, told its Neutron fixed IP (a loopback subnet)
and given each attached volume as a directory; destroy kills it and what
it started; the power state follows the process, so a crash shows as
SHUTOFF. Nova loads it as ``nova.virt.gt_process`` through a shim (stack.py).
"""

import base64
import os
import signal
import subprocess

from nova.compute import power_state
from nova.virt import fake
from nova.virt import hardware
from oslo_config import cfg
from oslo_log import log as logging

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


def _alive(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split(')')[-1].split()[0] != 'Z'
    except (FileNotFoundError, ValueError):
        return False


class ProcessDriver(fake.FakeDriverWithoutFakeNodes):

    # A small host (Nova's fake one is vast), so that a flavor can be too
    # big for every host.
    vcpus = 8
    memory_mb = 16384
    local_gb = 200

    def _dir(self, instance):
        return os.path.join(CONF.instances_path, instance.uuid)

    def _pid(self, instance):
        try:
            with open(os.path.join(self._dir(instance), 'pid')) as f:
                return int(f.read())
        except (FileNotFoundError, ValueError):
            return None

    def _volume_dirs(self, block_device_info):
        dirs = []
        mappings = (block_device_info or {}).get('block_device_mapping', [])
        for bdm in mappings:
            info = bdm.get('connection_info') or {}
            volume_id = info.get('serial') or info.get('volume_id')
            path = os.path.join(CONF.state_path, 'volumes', volume_id)
            os.makedirs(path, exist_ok=True)
            dirs.append(path)
        return dirs

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None, power_on=True, accel_info=None):
        super().spawn(context, instance, image_meta, injected_files,
                      admin_password, allocations,
                      network_info=network_info,
                      block_device_info=block_device_info,
                      power_on=power_on, accel_info=accel_info)
        directory = self._dir(instance)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        ips = [ip['address'] for vif in network_info or []
               for ip in vif.fixed_ips() if ip['version'] == 4]
        volumes = self._volume_dirs(block_device_info)
        env = dict(os.environ, GALERATROVE_CONF_DIR=directory,
                   GALERATROVE_FOREGROUND='1')
        if ips:
            env['OS_GUEST_AGENT__ADDRESS'] = ips[0]
        # Without a volume (an arbitrator) the server's own root disk.
        env['OS_GUEST_AGENT__BASE_DIR'] = os.path.join(
            volumes[0] if volumes else directory, 'node')
        script = base64.b64decode(instance.user_data or '').decode() or \
            'exec sleep infinity'
        with open(os.path.join(directory, 'console.log'), 'ab') as log:
            proc = subprocess.Popen(['sh', '-c', script], env=env,
                                    stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT,
                                    start_new_session=True)
        with open(os.path.join(directory, 'pid'), 'w') as f:
            f.write(str(proc.pid))
        LOG.info('Server %s runs as process %d at %s with volumes %s',
                 instance.uuid, proc.pid, ips, volumes)

    def _kill_tree(self, instance, block_device_info):
        """The server's session and every process using its volumes."""
        import psutil
        pid = self._pid(instance)
        roots = set(self._volume_dirs(block_device_info))
        roots.add(self._dir(instance) + os.sep)  # its root disk
        victims = []
        for proc in psutil.process_iter(['pid', 'cmdline']):
            try:
                cmd = ' '.join(proc.info['cmdline'] or [])
                if (pid and os.getsid(proc.pid) == pid) or any(
                        r in cmd for r in roots):
                    victims.append(proc)
            except (psutil.Error, OSError):
                continue
        for proc in victims:
            try:
                proc.send_signal(signal.SIGKILL)
            except psutil.Error:
                pass
        psutil.wait_procs(victims, timeout=10)

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, destroy_secrets=True):
        self._kill_tree(instance, block_device_info)
        super().destroy(context, instance, network_info,
                        block_device_info=block_device_info,
                        destroy_disks=destroy_disks,
                        destroy_secrets=destroy_secrets)

    def get_info(self, instance, use_cache=True):
        info = super().get_info(instance, use_cache)
        pid = self._pid(instance)
        if info.state == power_state.RUNNING and pid and not _alive(pid):
            return hardware.InstanceInfo(state=power_state.SHUTDOWN)
        return info
