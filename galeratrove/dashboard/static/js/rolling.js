// Rolling actions: Restart, Upgrade and Replace Instance. Each one is a
// confirm dialog that posts the cluster action; the table then follows
// the task like any other.

import {byName} from './model.js';
import {field, h, modal, select, toast} from './ui.js';

function versionKey(name) {
  return (String(name).match(/\d+/g) || []).map(Number);
}

function newer(a, b) {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) {
      return (x[i] || 0) > (y[i] || 0);
    }
  }
  return false;
}

function confirmAction(ctx, cluster, {title, submitLabel, submitClass,
                                      description, body, done}) {
  const dialog = modal({
    title, submitLabel, submitClass, description,
    async onSubmit(self) {
      const request = body();
      if (!request) {
        return;
      }
      self.busy(true);
      try {
        await ctx.api.action(cluster.id, request);
        self.close();
        ctx.markBusy(cluster.id);
        toast('success', done);
        ctx.refresh();
      } catch (err) {
        self.busy(false);
        self.showError(err.message);
      }
    },
  });
  return dialog;
}

export function restartCluster(ctx, cluster) {
  const dialog = confirmAction(ctx, cluster, {
    title: 'Restart Cluster', submitLabel: 'Restart Cluster',
    description: [
      h('h3', {}, 'Description:'),
      h('p', {}, 'The nodes restart one at a time. Each one waits until ' +
        'every other node is Synced, and the next one until it is back: ' +
        'the cluster keeps serving throughout.')],
    body: () => ({restart: {}}),
    done: `Restarting cluster "${cluster.name}" node by node.`,
  });
  dialog.body.append(h('p', {}, 'Restart the ',
                       String((cluster.instances || []).length),
                       ' nodes of ', h('strong', {}, cluster.name), '?'));
  dialog.submit.focus();
  return dialog;
}

export async function upgradeCluster(ctx, cluster) {
  const current = (cluster.datastore || {}).version;
  let versions = [];
  try {
    versions = (await ctx.api.versions(cluster.datastore.type)).filter(
      (v) => newer(v.name, current));
  } catch (err) {
    toast('danger', err.message);
    return null;
  }
  const input = select(versions.map((v) => ({value: v.name,
                                              label: v.name})));
  const choice = field({label: 'Datastore Version', input, required: true,
                        help: `Currently ${current}. Only newer versions ` +
                              'of the same datastore are offered.'});
  const dialog = confirmAction(ctx, cluster, {
    title: 'Upgrade Cluster', submitLabel: 'Upgrade Cluster',
    description: [
      h('h3', {}, 'Description:'),
      h('p', {}, 'Each node in turn restarts on the new version and ' +
        'upgrades its system tables, while the others keep serving.')],
    body() {
      if (!input.value) {
        choice.setError('No newer version is registered.');
        return null;
      }
      return {upgrade: {datastore_version: input.value}};
    },
    done: `Upgrading cluster "${cluster.name}".`,
  });
  dialog.body.append(choice.group);
  input.focus();
  return dialog;
}

export function replaceInstance(ctx, cluster) {
  const members = byName(cluster.instances);
  const broken = members.find((m) => m.status !== 'ACTIVE');
  const input = select(members.map((m) => ({
    value: m.id, label: `${m.name} (${m.status})`})),
                       (broken || members[0] || {}).id);
  const choice = field({label: 'Instance to Replace', input, required: true,
                        help: 'A new instance of the same flavor and ' +
                              'volume joins first; this one is deleted ' +
                              'after.'});
  const dialog = confirmAction(ctx, cluster, {
    title: 'Replace Instance', submitLabel: 'Replace Instance',
    submitClass: 'btn-danger',
    description: [
      h('h3', {}, 'Description:'),
      h('p', {}, 'For a node in ERROR or lost: a new node copies the ' +
        'data from a Synced member (a full state transfer), then the old ' +
        'one and its volume are deleted. The cluster keeps its size.')],
    body: () => ({'replace-instance': {id: input.value}}),
    done: `Replacing an instance of cluster "${cluster.name}".`,
  });
  dialog.body.append(choice.group);
  input.focus();
  return dialog;
}
