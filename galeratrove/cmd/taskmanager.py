"""galeratrove-taskmanager."""

import sys

from galeratrove import cmd
from galeratrove import service


def main():
    cmd.serve(sys.argv, 'galeratrove taskmanager', service.TaskManagerService)


if __name__ == '__main__':
    main()
