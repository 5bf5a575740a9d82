// The Launch Cluster modal. The API's validation message is shown at the
// field it is about; the client only checks what it can know for sure.

import {field, focusFirst, h, modal, select, toast, wholeNumber}
  from './ui.js';

export function flavorOptions(flavors) {
  return [...flavors.values()].map((f) => ({
    value: String(f.id),
    label: `${f.name} (${f.ram} MB RAM, ${f.vcpus} VCPU${
      f.vcpus === 1 ? '' : 's'})`,
  }));
}

function datastoreOptions(datastores) {
  const options = [];
  for (const ds of datastores) {
    if (!ds.versions || !ds.versions.length) {
      options.push({value: '', disabled: true,
                    label: `${ds.name} (no version installed)`});
      continue;
    }
    for (const version of ds.versions) {
      options.push({value: JSON.stringify([ds.name, version.name]),
                    label: `${ds.name} ${version.name}`});
    }
  }
  return options;
}

// Which field an API message is about, e.g.
// 'Invalid request body: cluster/instances/0/volume/size: ...' -> volume.
const RULES = [
  [/cluster\/name\b|cluster name/i, 'name'],
  [/volume/i, 'volume'],
  [/flavor/i, 'flavor'],
  [/datastore/i, 'datastore'],
  [/instances?\b|given/i, 'count'],
];

// Errors about the request itself (not the cluster's state or the caller).
export function isFieldError(err) {
  return [400, 404, 413].includes(err.status);
}

export function fieldFor(message) {
  for (const [pattern, name] of RULES) {
    if (pattern.test(message)) {
      return name;
    }
  }
  return null;
}

// With ``backup``, the cluster is restored from it (Trove's restorePoint)
// and the datastore version is the backup's.
export async function launchCluster(ctx, backup) {
  await ctx.catalog();
  const dsOptions = datastoreOptions(ctx.datastores);
  const fromBackup = backup && backup.datastore ? JSON.stringify(
    [backup.datastore.type, backup.datastore.version]) : null;
  const firstUsable = dsOptions.find((o) => fromBackup ?
    o.value === fromBackup : !o.disabled);
  const fields = {
    name: field({label: 'Cluster Name', required: true,
                 input: h('input', {type: 'text', autocomplete: 'off',
                                    spellcheck: 'false'})}),
    datastore: field({label: 'Datastore', required: true,
                      input: select(dsOptions,
                                    firstUsable ? firstUsable.value : '')}),
    flavor: field({label: 'Flavor', required: true,
                   input: select(flavorOptions(ctx.flavors))}),
    volume: field({label: 'Volume Size (GB)', required: true,
                   input: h('input', {type: 'number', min: '1', step: '1',
                                      value: '1', inputmode: 'numeric'})}),
    count: field({label: 'Number of Instances', required: true,
                  input: h('input', {type: 'number', min: '1', step: '1',
                                     value: '3', inputmode: 'numeric'}),
                  help: 'Galera keeps quorum while a majority of the ' +
                        'nodes is up: 3 survive the loss of one.'}),
    tls: field({label: 'TLS Everywhere',
                input: h('input', {type: 'checkbox'}),
                help: 'Clients must use TLS; replication and state ' +
                      'transfers are encrypted. Download the CA ' +
                      'certificate from the cluster page.'}),
    arbitrator: field({label: 'Arbitrator',
                       input: select([
                         {value: '', label: 'None'},
                         {value: 'arbitrator',
                          label: 'One arbitrator (votes, holds no data)'}]),
                       help: 'A Galera arbitrator (garbd) has the same ' +
                             'flavor and no volume: 2 data nodes and an ' +
                             'arbitrator survive the loss of one node.'}),
  };
  if (backup) {
    fields.datastore.input.disabled = true;
  }
  const description = [
    h('h3', {}, 'Description:'),
    backup ? h('p', {class: 'restore-note'}, 'Restores backup ',
               h('strong', {}, `"${backup.name}"`),
               ' on the first instance; the others join it.') : null,
    h('p', {}, 'Launch a Galera cluster: every instance is a ' +
      'read-write node with its own volume, and all of them start with ' +
      'the same flavor and volume size.'),
    h('p', {}, 'The cluster can be grown or shrunk later, one or more ' +
      'instances at a time.'),
  ];

  function check() {
    let ok = true;
    for (const f of Object.values(fields)) {
      f.clear();
    }
    if (!fields.name.input.value.trim()) {
      fields.name.setError('This field is required.');
      ok = false;
    }
    if (!fields.datastore.input.value) {
      fields.datastore.setError('Choose a datastore version.');
      ok = false;
    }
    const volume = wholeNumber(fields.volume.input.value);
    if (!(volume >= 1)) {
      fields.volume.setError('Enter a whole number of GB, at least 1.');
      ok = false;
    }
    const count = wholeNumber(fields.count.input.value);
    if (!(count >= 1)) {
      fields.count.setError('Enter a whole number of instances.');
      ok = false;
    }
    return ok;
  }

  async function submit(dialog) {
    if (!check()) {
      focusFirst(dialog.body);
      return;
    }
    const [type, version] = JSON.parse(fields.datastore.input.value);
    const count = wholeNumber(fields.count.input.value);
    const instance = {
      flavorRef: fields.flavor.input.value,
      volume: {size: wholeNumber(fields.volume.input.value)},
    };
    if (backup) {
      instance.restorePoint = {backupRef: backup.id};
    }
    const spec = {
      name: fields.name.input.value.trim(),
      datastore: {type, version},
      instances: Array.from({length: count}, () => ({...instance})),
    };
    if (fields.tls.input.checked) {
      spec.tls = true;
    }
    if (fields.arbitrator.input.value) {
      spec.instances.push({flavorRef: instance.flavorRef,
                           type: 'arbitrator'});
    }
    dialog.busy(true);
    try {
      const cluster = await ctx.api.createCluster(spec);
      dialog.close();
      ctx.markBusy(cluster.id);
      toast('success', `Launching cluster "${cluster.name}".`);
      ctx.refresh();
    } catch (err) {
      dialog.busy(false);
      const target = fields[fieldFor(err.message)];
      if (target && isFieldError(err)) {
        target.setError(err.message);
        target.input.focus();
      } else {
        dialog.showError(err.message);
      }
    }
  }

  const dialog = modal({title: backup ? 'Restore Backup' : 'Launch Cluster',
                        description,
                        submitLabel: 'Launch', wide: true,
                        onSubmit: submit});
  for (const f of Object.values(fields)) {
    dialog.body.appendChild(f.group);
  }
  fields.name.input.focus();
  return dialog;
}
