"""galeratrove-conductor."""

import sys

from galeratrove import cmd
from galeratrove import service


def main():
    cmd.serve(sys.argv, 'galeratrove conductor', service.conductor)


if __name__ == '__main__':
    main()
