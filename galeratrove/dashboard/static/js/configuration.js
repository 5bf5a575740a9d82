// Attach Configuration Group (pick one of the project's groups made for
// the cluster's datastore version) and Detach Configuration Group.

import {field, h, modal, select, toast} from './ui.js';

function scheduled(ctx, self, cluster, what) {
  self.close();
  ctx.markBusy(cluster.id);
  toast('success', `Scheduled ${what} of cluster "${cluster.name}".`);
  ctx.refresh();
}

export async function attachConfiguration(ctx, cluster) {
  const ds = cluster.datastore || {};
  let groups = [];
  let failure = null;
  try {
    groups = (await ctx.api.configurations()).filter(
      (g) => g.datastore_name === ds.type &&
        g.datastore_version_name === ds.version);
  } catch (err) {
    failure = err.message;
  }
  const choice = field({
    label: 'Configuration Group', required: true,
    input: select(groups.map((g) => ({value: g.id, label: g.name})),
                  cluster.configuration || undefined)});
  const dialog = modal({
    title: 'Attach Configuration Group',
    submitLabel: 'Attach Configuration Group',
    async onSubmit(self) {
      self.busy(true);
      try {
        await ctx.api.attachConfiguration(cluster.id, choice.input.value);
        scheduled(ctx, self, cluster, 'the configuration update');
      } catch (err) {
        self.busy(false);
        self.showError(err.message);
      }
    },
  });
  dialog.body.append(
    h('p', {}, 'Every node of ', h('strong', {}, cluster.name),
      ' takes the group\u2019s values: dynamic ones at once, the others ' +
      'by restarting the nodes one at a time.'),
    choice.group);
  if (failure || !groups.length) {
    dialog.showError(failure || `No configuration group for ${ds.type} ` +
                     `${ds.version}: create one first (openstack database ` +
                     'configuration create).');
    dialog.submit.disabled = true;
  }
  choice.input.focus();
  return dialog;
}

export function detachConfiguration(ctx, cluster) {
  const dialog = modal({
    title: 'Detach Configuration Group',
    submitLabel: 'Detach Configuration Group',
    async onSubmit(self) {
      self.busy(true);
      try {
        await ctx.api.detachConfiguration(cluster.id);
        scheduled(ctx, self, cluster, 'the configuration update');
      } catch (err) {
        self.busy(false);
        self.showError(err.message);
      }
    },
  });
  dialog.body.append(
    h('p', {}, 'The nodes of ', h('strong', {}, cluster.name),
      ' go back to the default configuration.'));
  dialog.submit.focus();
  return dialog;
}
