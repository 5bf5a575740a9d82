"""Work a taskmanager repeats every few seconds (health, schedules).

Each kind runs on a fixed-interval looping call of its own; an interval
of 0 turns it off. A tick that fails is logged and the next one runs on
time: periodic work must never stop for one bad cluster.
"""

from oslo_service import loopingcall


class Periodic:

    def __init__(self):
        self._timer = None

    def interval(self):
        """Seconds between ticks; 0 or None: never."""
        raise NotImplementedError

    def tick(self):
        raise NotImplementedError

    def start(self):
        interval = self.interval()
        if interval:
            self._timer = loopingcall.FixedIntervalLoopingCall(self.tick)
            self._timer.start(interval=interval, initial_delay=interval,
                              stop_on_exception=False)

    def stop(self):
        if self._timer is not None:
            self._timer.stop()
            self._timer.wait()
