"""The user data a cloud server boots with: its guest_info.conf and the
command that starts its agent.

The server's configuration holds its RPC key, so it travels in user data
(on the config drive, readable only inside the server and by the service
project that owns the server), never in server metadata, which shows in
the compute API. The script is plain sh so that cloud-init runs it as is,
and so does the test harness's process "hypervisor".
"""

from galeratrove.common import guest_conf

MARKER = 'GALERATROVE_GUEST_INFO'

TEMPLATE = """#!/bin/sh
# galeratrove guest boot: write this server's guest_info.conf (0600) and
# start its guest agent. cloud-init runs this once, at first boot; on an
# image with the galeratrove-guestagent systemd unit the unit runs the
# agent (also after reboots), otherwise the agent runs in the foreground.
set -eu
conf_dir="${GALERATROVE_CONF_DIR:-/etc/galeratrove}"
umask 077
mkdir -p "$conf_dir"
cat > "$conf_dir/guest_info.conf" <<'%(marker)s'
%(conf)s%(marker)s
if [ -z "${GALERATROVE_FOREGROUND:-}" ] && \\
        systemctl cat galeratrove-guestagent.service >/dev/null 2>&1; then
    systemctl enable --now galeratrove-guestagent.service
    exit 0
fi
exec ${GALERATROVE_GUESTAGENT:-%(command)s} \\
    --config-file "$conf_dir/guest_info.conf"
"""


def render(instance_id, info, command='galeratrove-guestagent'):
    """The boot script for one instance (info: as for guest_conf.render)."""
    conf = guest_conf.render(instance_id, info)
    if MARKER in conf:
        raise ValueError('a guest option cannot hold %s' % MARKER)
    return TEMPLATE % {'marker': MARKER, 'conf': conf, 'command': command}


def extract(user_data):
    """guest_info.conf out of a boot script (the config drive's copy)."""
    start = "<<'%s'\n" % MARKER
    begin = user_data.index(start) + len(start)
    return user_data[begin:user_data.index(MARKER + '\n', begin)]
