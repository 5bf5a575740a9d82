"""galeratrove-guestagent: the agent on one instance (guest_info.conf)."""

import sys

from galeratrove import cmd
from galeratrove.guestagent import service


def main():
    cmd.serve(sys.argv, 'galeratrove guest agent', service.from_config,
              needs_db=False)


if __name__ == '__main__':
    main()
