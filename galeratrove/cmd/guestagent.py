"""galeratrove-guestagent: the agent on one instance (guest_info.conf).

Given no --config-file (a cloud server's agent started by its image), it
reads its configuration from the config drive: a mounted one under
$GALERATROVE_CONFIG_DRIVE or a usual mount point.
"""

import os
import sys

from galeratrove import cmd
from galeratrove.guestagent import service
from galeratrove.guestagent import vm


def _with_config(argv):
    if any(a == '--config-file' or a.startswith('--config-file=')
           for a in argv):
        return argv
    paths = [os.environ['GALERATROVE_CONFIG_DRIVE']] if os.environ.get(
        'GALERATROVE_CONFIG_DRIVE') else vm.CONFIG_DRIVE_PATHS
    drive = vm.find_config_drive(paths)
    if drive is None:
        sys.exit('galeratrove-guestagent: no --config-file and no config '
                 'drive in %s' % ', '.join(paths))
    return argv + ['--config-file', vm.config_from_drive(drive)]


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    cmd.serve(_with_config(argv), 'galeratrove guest agent',
              service.from_config, needs_db=False)


if __name__ == '__main__':
    main()
