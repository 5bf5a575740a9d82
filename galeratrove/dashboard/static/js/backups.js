// The Backups tab: the project's backups (status, size, cluster) with
// create, delete and restore into a new cluster, and the clusters' backup
// schedules. It polls only while a backup is being made.

import {breadcrumb, POLL_MS} from './clusters.js';
import {launchCluster} from './launch.js';
import {formatTime} from './model.js';
import {badge, field, focusFirst, h, modal, select, spinner, toast,
        wholeNumber} from './ui.js';

const UNFINISHED = ['NEW', 'BUILDING'];
const STATES = {COMPLETED: 'healthy', FAILED: 'error',
                DELETE_FAILED: 'error'};

export function sizeOf(bytes) {
  if (bytes === null || bytes === undefined) {
    return '-';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit ? value.toFixed(1) : value} ${units[unit]}`;
}

function statusCell(backup) {
  if (UNFINISHED.includes(backup.status)) {
    return h('span', {class: 'task-running'}, spinner(), backup.status);
  }
  return badge(STATES[backup.status] || 'unknown', backup.status,
               backup.fail_reason);
}

function button(label, key, onClick, extra) {
  const el = h('button', {type: 'button', class: `btn btn-default btn-sm ${
    extra || ''}`, 'data-key': key}, label);
  el.addEventListener('click', onClick);
  return el;
}

function table(id, caption, columns) {
  const tbody = h('tbody');
  const el = h('table', {class: 'table table-striped', id},
               h('caption', {class: 'sr-only'}, caption),
               h('thead', {}, h('tr', {}, columns.map(
                 (name) => h('th', {scope: 'col'}, name)))), tbody);
  return {el, tbody, width: String(columns.length)};
}

function clusterOptions(clusters) {
  return clusters.map((c) => ({value: c.id, label: c.name}));
}

// A confirmation dialog whose submit runs ``act``.
function confirm(title, label, text, act) {
  const dialog = modal({
    title, submitLabel: label, submitClass: 'btn-danger',
    async onSubmit(self) {
      self.busy(true);
      try {
        await act();
        self.close();
      } catch (err) {
        self.busy(false);
        self.showError(err.message);
      }
    },
  });
  dialog.body.append(h('p', {}, text));
  dialog.submit.focus();
  return dialog;
}

// A form dialog: ``fields`` by name, ``send`` gets their values.
function formDialog(title, label, fields, send) {
  const dialog = modal({
    title, submitLabel: label,
    async onSubmit(self) {
      for (const f of Object.values(fields)) {
        f.clear();
      }
      const missing = Object.values(fields).filter(
        (f) => f.input.getAttribute('aria-required') && !f.input.value.trim());
      for (const f of missing) {
        f.setError('This field is required.');
      }
      if (missing.length) {
        focusFirst(self.body);
        return;
      }
      self.busy(true);
      try {
        await send();
        self.close();
      } catch (err) {
        self.busy(false);
        self.showError(err.message);
      }
    },
  });
  for (const f of Object.values(fields)) {
    dialog.body.appendChild(f.group);
  }
  focusFirst(dialog.body);
  return dialog;
}

export class BackupsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.timer = null;
    this.stopped = false;
    this.backups = [];
    this.schedules = [];
    this.clusters = [];
  }

  mount(main) {
    this.backupTable = table('backups-table', 'Backups', [
      'Name', 'Cluster', 'Status', 'Size', 'Created', 'Actions']);
    this.scheduleTable = table('schedules-table', 'Backup schedules', [
      'Name', 'Cluster', 'Pattern', 'Kind', 'Retention', 'Next Run',
      'Last Run', 'Actions']);
    main.replaceChildren(
      breadcrumb('Project', 'Database', 'Backups'),
      h('div', {class: 'page-header'}, h('h1', {}, 'Backups')),
      h('div', {class: 'table-toolbar'}, h('div', {class: 'table-actions'},
        button('+ Create Backup', 'create-backup',
               () => this.createBackup()))),
      h('div', {class: 'table-wrapper'}, this.backupTable.el),
      h('h2', {}, 'Backup Schedules'),
      h('div', {class: 'table-toolbar'}, h('div', {class: 'table-actions'},
        button('+ Create Schedule', 'create-schedule',
               () => this.createSchedule()))),
      h('div', {class: 'table-wrapper'}, this.scheduleTable.el));
    this.message(this.backupTable, 'Loading backups\u2026');
    this.message(this.scheduleTable, 'Loading schedules\u2026');
    this.load();
  }

  destroy() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  message(t, text) {
    t.tbody.replaceChildren(h('tr', {}, h('td', {colspan: t.width,
                                                  class: 'empty'}, text)));
  }

  async load() {
    clearTimeout(this.timer);
    const api = this.ctx.api;
    try {
      [this.backups, this.schedules, this.clusters] = await Promise.all([
        api.backups(), api.schedules(), api.clusters()]);
    } catch (err) {
      if (!this.stopped) {
        toast('error', `Unable to retrieve backups: ${err.message}`);
        this.message(this.backupTable, 'Unable to retrieve backups.');
      }
      return;
    }
    if (this.stopped || api !== this.ctx.api) {
      return;
    }
    this.render();
    if (this.backups.some((b) => UNFINISHED.includes(b.status))) {
      this.timer = setTimeout(() => this.load(), POLL_MS);
    }
  }

  clusterName(id) {
    const found = this.clusters.find((c) => c.id === id);
    return found ? found.name : `${id.slice(0, 8)} (deleted)`;
  }

  render() {
    const names = (id) => this.clusterName(id);
    if (!this.backups.length) {
      this.message(this.backupTable, 'No backups to display.');
    } else {
      this.backupTable.tbody.replaceChildren(...this.backups.map((b) => h(
        'tr', {'data-backup-id': b.id, 'data-status': b.status},
        h('th', {scope: 'row'}, b.name),
        h('td', {}, names(b.cluster_id)),
        h('td', {}, statusCell(b)),
        h('td', {}, sizeOf(b.size_bytes)),
        h('td', {}, formatTime(b.created)),
        h('td', {class: 'actions-column'},
          b.status === 'COMPLETED' ? button(
            'Restore', `restore-${b.id}`,
            () => launchCluster(this.ctx, b)) : null,
          UNFINISHED.includes(b.status) ? null : button(
            'Delete', `delete-${b.id}`, () => this.deleteBackup(b),
            'btn-danger')))));
    }
    if (!this.schedules.length) {
      this.message(this.scheduleTable, 'No schedules to display.');
    } else {
      this.scheduleTable.tbody.replaceChildren(...this.schedules.map((s) => h(
        'tr', {'data-schedule-id': s.id},
        h('th', {scope: 'row'}, s.name),
        h('td', {}, names(s.cluster_id)),
        h('td', {class: 'monospace'}, s.pattern),
        h('td', {}, s.incremental ? 'Incremental' : 'Full'),
        h('td', {}, s.retention ? `${s.retention} full` : 'All'),
        h('td', {}, s.enabled ? formatTime(s.next_run) : 'Disabled'),
        h('td', {title: s.message || null}, formatTime(s.last_run)),
        h('td', {class: 'actions-column'}, button(
          'Delete', `delete-schedule-${s.id}`,
          () => this.deleteSchedule(s), 'btn-danger')))));
    }
  }

  createBackup() {
    const fields = {
      cluster: field({label: 'Cluster', required: true,
                      input: select(clusterOptions(this.clusters))}),
      name: field({label: 'Backup Name', required: true,
                   input: h('input', {type: 'text', autocomplete: 'off'})}),
      kind: field({label: 'Kind', input: select([
        {value: 'full', label: 'Full'},
        {value: 'incremental', label: 'Incremental (on the newest)'}])}),
    };
    return formDialog('Create Backup', 'Create Backup', fields, async () => {
      const backup = await this.ctx.api.createBackup({
        cluster: fields.cluster.input.value,
        name: fields.name.input.value.trim(),
        incremental: fields.kind.input.value === 'incremental'});
      toast('success', `Backing up into "${backup.name}".`);
      this.load();
    });
  }

  createSchedule() {
    const fields = {
      cluster: field({label: 'Cluster', required: true,
                      input: select(clusterOptions(this.clusters))}),
      name: field({label: 'Schedule Name', required: true,
                   input: h('input', {type: 'text', autocomplete: 'off'})}),
      pattern: field({label: 'Cron Pattern (UTC)', required: true,
                      input: h('input', {type: 'text', value: '0 3 * * *',
                                         class: 'monospace'}),
                      help: 'minute hour day-of-month month day-of-week'}),
      kind: field({label: 'Kind', input: select([
        {value: 'full', label: 'Full'},
        {value: 'incremental', label: 'Incremental'}])}),
      retention: field({label: 'Full Backups Kept', input: h('input', {
        type: 'number', min: '1', step: '1', inputmode: 'numeric'}),
                        help: 'Empty: keep them all.'}),
    };
    return formDialog('Create Schedule', 'Create Schedule', fields,
                      async () => {
                        const retention = wholeNumber(
                          fields.retention.input.value);
                        const schedule = await this.ctx.api.createSchedule({
                          cluster_id: fields.cluster.input.value,
                          name: fields.name.input.value.trim(),
                          pattern: fields.pattern.input.value.trim(),
                          incremental:
                            fields.kind.input.value === 'incremental',
                          retention: retention >= 1 ? retention : null});
                        toast('success',
                              `Scheduled "${schedule.name}".`);
                        this.load();
                      });
  }

  deleteBackup(backup) {
    return confirm('Confirm Delete Backup', 'Delete Backup',
                   `Backup "${backup.name}" and its stored data are ` +
                   'deleted. This action cannot be undone.', async () => {
                     await this.ctx.api.deleteBackup(backup.id);
                     toast('success', `Deleted backup "${backup.name}".`);
                     this.load();
                   });
  }

  deleteSchedule(schedule) {
    return confirm('Confirm Delete Schedule', 'Delete Schedule',
                   `Schedule "${schedule.name}" takes no more backups; ` +
                   'those it took stay.', async () => {
                     await this.ctx.api.deleteSchedule(schedule.id);
                     toast('success', `Deleted schedule "${schedule.name}".`);
                     this.load();
                   });
  }
}
