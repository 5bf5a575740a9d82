"""A process holding one guest's configuration, attacking the others.

Run as ``python -m tests.functional.clusters.attacker --config-file
<guest_info.conf>``, with the victim instance and cluster and a work
directory in the environment (and the taskmanager's topic, which a real
attacker would read off the wire). It spies on everything the exchange routes
(a queue bound to ``#``), then tries every forged call and replay it can
build from what it holds and what it saw, and writes what happened to
``results.json`` in the work directory.
"""

import json
import os
import sys

import kombu
import oslo_messaging as messaging

from galeratrove.common import rpc
from galeratrove.common import sealing
from galeratrove.common import utils
from galeratrove.conf import CONF


def _outcome(fn):
    try:
        return 'accepted: %r' % (fn(),)
    except Exception as e:   # every failure is what we hope for
        return 'failed: %s' % type(e).__name__


class Spy:
    """A private queue bound to every routing key of the exchange."""

    def __init__(self):
        self.conn = kombu.Connection(CONF.transport_url.replace(
            'rabbit://', 'amqp://'))
        self.channel = self.conn.channel()
        self.queue = self.channel.queue_declare(
            queue='', exclusive=True).queue
        self.channel.queue_bind(queue=self.queue,
                                exchange=CONF.control_exchange,
                                routing_key='#')
        self.seen = []

    def drain(self):
        while True:
            message = self.channel.basic_get(queue=self.queue, no_ack=True)
            if message is None:
                return
            body = message.body
            if isinstance(body, bytes):
                body = body.decode()
            outer = json.loads(body)
            inner = json.loads(outer.get('oslo.message', '{}'))
            self.seen.append({
                'routing_key': message.delivery_info['routing_key'],
                'raw': body, 'method': inner.get('method'),
                'args': inner.get('args', {})})

    def sealed(self, routing_key, key_id):
        return [m['args']['token'] for m in self.seen
                if m['routing_key'] == routing_key and
                m['method'] == 'sealed' and
                m['args'].get('key_id') == key_id]


def _raw_client(topic):
    target = messaging.Target(topic=topic, version='1.0')
    return messaging.get_rpc_client(rpc.get_transport(), target, timeout=15)


def main():
    CONF(sys.argv[1:], project='galeratrove', default_config_files=[])
    work = os.environ['GT_ATTACK_DIR']
    victim = os.environ['GT_VICTIM_INSTANCE']
    victim_cluster = os.environ['GT_VICTIM_CLUSTER']
    me, key = CONF.guest_agent.instance_id, CONF.guest_agent.rpc_key
    victim_topic = '%s.%s' % (CONF.guest_topic_prefix, victim)
    conductor = CONF.conductor_queue

    spy = Spy()
    open(os.path.join(work, 'listening'), 'w').close()

    def saw_everything():
        spy.drain()
        return (os.path.exists(os.path.join(work, 'go')) and
                spy.sealed(conductor, victim) and spy.sealed(conductor, me))
    utils.wait_for(saw_everything, 120, what='traffic to spy on')
    results = {}
    # Calls to the victim's guest: with my key, my key under its id, and
    # plain (the way the unsealed protocol worked).
    for method, args in (('get_cluster_context', {}),
                         ('enable_root', {'password': 'pwned-by-guest'})):
        for key_id in (me, victim):
            client = rpc.SealedClient(victim_topic, key_id, key, timeout=15)
            results['%s sealed as %s' % (method, key_id)] = _outcome(
                lambda: client.call(None, method, **args))
        results['%s unsealed' % method] = _outcome(
            lambda: _raw_client(victim_topic).call({}, method, **args))
    # The taskmanager sets any cluster's root password.
    tm_args = {'cluster_id': victim_cluster, 'password': 'pwned-by-guest'}
    tm_queue = os.environ['GT_TASKMANAGER_QUEUE']
    tm = rpc.SealedClient(tm_queue, sealing.SERVICE, key, timeout=15)
    results['taskmanager enable_root sealed'] = _outcome(
        lambda: tm.call(None, 'enable_root', **tm_args))
    results['taskmanager enable_root unsealed'] = _outcome(
        lambda: _raw_client(CONF.taskmanager_queue).call(
            {'is_admin': True}, 'enable_root', **tm_args))
    # Heartbeats saying the victim's node is down.
    down = {'instance_id': victim, 'status': {'running': False}}
    for key_id in (me, victim):
        rpc.SealedClient(conductor, key_id, key).cast(None, 'heartbeat',
                                                      **down)
    _raw_client(conductor).cast({'is_admin': True}, 'heartbeat', **down)
    # Replays of heartbeats seen on the wire: the victim's, and my own.
    replays = _raw_client(conductor)
    for key_id in (victim, me):
        replays.cast({}, 'sealed', key_id=key_id,
                     token=spy.sealed(conductor, key_id)[0])
    # Reading: can my key open anything sent to or by the victim?
    opened = 0
    for m in spy.seen:
        token = m['args'].get('token')
        if m['args'].get('key_id') != me and token:
            opened += _outcome(lambda: sealing.unseal(
                key, token, m['args']['key_id'], 'request',
                m['routing_key'])).startswith('accepted')
    results['victim messages opened'] = opened
    results['victim messages seen'] = len(
        [m for m in spy.seen if m['args'].get('key_id') == victim or
         m['routing_key'] == victim_topic])
    with open(os.path.join(work, 'captured.txt'), 'w') as f:
        f.write('\n'.join(m['raw'] for m in spy.seen))
    with open(os.path.join(work, 'results.json'), 'w') as f:
        json.dump(results, f)
    spy.conn.release()


if __name__ == '__main__':
    main()
