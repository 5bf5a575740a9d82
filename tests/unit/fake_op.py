"""An operation double for flow tests: records steps and faults."""

import contextlib
import types


class RecordingOp:
    """Members named ``names``; ``done`` steps count as completed."""

    def __init__(self, names, done=()):
        self.members = [types.SimpleNamespace(id=n, name=n, status='ACTIVE',
                                              compute_id=None)
                        for n in names]
        self.steps, self.faults, self.done = [], {}, set(done)

    def instances(self, ids=None):
        return [m for m in self.members if ids is None or m.id in ids]

    def step_completed(self, name):
        return name in self.done

    @contextlib.contextmanager
    def step(self, name):
        self.steps.append(name)
        yield

    def check_cancelled(self):
        pass

    def fault(self, member, message):
        self.faults[member.name] = message

    def set_status(self, members, status):
        for m in members:
            next(x for x in self.members if x.id == m.id).status = status
