"""galeratrove-guestagent: the agent on one instance (guest_info.conf)."""

import sys

from galeratrove import cmd
from galeratrove.guestagent import service


def main():
    cmd.prepare(sys.argv, 'galeratrove guest agent')
    agent = service.from_config()
    agent.start()
    cmd.wait_for_signal()
    agent.stop()


if __name__ == '__main__':
    main()
