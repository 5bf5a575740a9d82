"""Output of the CLI: trove-style tables, or JSON for scripts.

A command describes its rows with :class:`Column` (header, key and how a
value shows in a table) and hands them to an :class:`Output`, which prints
either a table or the same data as JSON with its native types (lists stay
lists). Progress of ``--wait`` goes to stderr so stdout stays parseable.
"""

import json
import sys
import time

FORMATS = ('table', 'json')


def text(value):
    """A value as one table cell."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (list, tuple)):
        return ', '.join(text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


class Column:
    """One column of a list, or one row of a Property/Value table."""

    def __init__(self, header, key=None, getter=None):
        self.header = header
        self.key = key or header.lower().replace(' ', '_')
        self.getter = getter or (lambda item: item.get(self.key))

    def value(self, item):
        return self.getter(item)


def render_table(headers, rows):
    """Trove's look: +---+ rules, cells left-aligned with one space."""
    cells = [[text(c).replace('\n', ' ') for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    rule = '+' + '+'.join('-' * (w + 2) for w in widths) + '+'

    def line(values):
        return '|' + '|'.join(' %s ' % v.ljust(w)
                              for v, w in zip(values, widths)) + '|'

    lines = [rule, line(headers), rule]
    lines.extend(line(row) for row in cells)
    lines.append(rule)
    return '\n'.join(lines)


class Output:
    """Where and how a command prints."""

    def __init__(self, fmt='table', stdout=None, stderr=None, clock=None):
        if fmt not in FORMATS:
            raise ValueError('unknown format %r' % fmt)
        self.format = fmt
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.clock = clock or time.monotonic
        self._started = None

    def _print(self, message, stream):
        stream.write(message + '\n')
        stream.flush()

    def json(self, data):
        self._print(json.dumps(data, indent=2), self.stdout)

    def show(self, item, columns):
        """One object as a ``Property | Value`` table (JSON: an object)."""
        if self.format == 'json':
            self.json({c.key: c.value(item) for c in columns})
            return
        rows = [(c.header, c.value(item)) for c in columns]
        self._print(render_table(('Property', 'Value'), rows), self.stdout)

    def list(self, items, columns):
        """Objects as a table with one row each (JSON: a list of objects)."""
        if self.format == 'json':
            self.json([{c.key: c.value(i) for c in columns} for i in items])
            return
        rows = [[c.value(i) for c in columns] for i in items]
        self._print(render_table([c.header for c in columns], rows),
                    self.stdout)

    def progress(self, message):
        """A timestamped line on stderr, printed as it happens."""
        now = self.clock()
        if self._started is None:
            self._started = now
        self._print('[%6.1fs] %s' % (now - self._started, message),
                    self.stderr)

    def error(self, message):
        self._print('ERROR: %s' % message, self.stderr)

    def note(self, message):
        self._print(message, self.stderr)
