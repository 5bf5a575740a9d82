// The Clusters table. It polls the API only while some cluster has a task
// running (or is settling right after one), and stops when all are idle.

import {clusterActions, menuOpen} from './actions.js';
import {launchCluster} from './launch.js';
import {clusterAddresses, clusterHealth, datastoreText, isBusy, sizeText,
        taskName} from './model.js';
import {badge, h, spinner, toast} from './ui.js';

export const POLL_MS = 2000;

export function breadcrumb(...items) {
  return h('nav', {'aria-label': 'Breadcrumb'},
           h('ol', {class: 'breadcrumb'},
             items.map((item, i) => h('li', {
               'aria-current': i === items.length - 1 ? 'page' : null},
             item))));
}

export function healthCell(health, showReason) {
  return [badge(health.state, health.label, health.reason),
          h('span', {class: showReason ? 'health-reason' : 'sr-only'},
            showReason ? health.reason : `: ${health.reason}`)];
}

// Worth polling for: a task runs, or one just ended and the nodes' reports
// have not caught up yet (an Error is not going to heal by itself).
export function needsPolling(ctx, cluster, health) {
  return isBusy(cluster) || (ctx.settling(cluster) &&
    ['degraded', 'unknown', 'building'].includes(health.state));
}

export function taskCell(cluster) {
  return isBusy(cluster) ?
    h('span', {class: 'task-running'}, spinner(), taskName(cluster)) :
    taskName(cluster);
}

// Keeps the keyboard focus on the same control across a re-render.
export function keepFocus(container, render) {
  const active = document.activeElement;
  const key = active && container.contains(active) ?
    active.getAttribute('data-key') : null;
  render();
  if (key) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) {
      again.focus();
    }
  }
}

export class ClustersView {
  constructor(ctx) {
    this.ctx = ctx;
    this.clusters = null;
    this.details = new Map();
    this.timer = null;
    this.stopped = false;
    this.polling = false;
    this.failing = false;
  }

  mount(main) {
    this.filter = h('input', {type: 'search', class: 'form-control',
                              placeholder: 'Filter',
                              'aria-label': 'Filter clusters'});
    this.filter.addEventListener('input', () => this.render());
    const launch = h('button', {type: 'button', class: 'btn btn-default',
                                'data-key': 'launch'},
                     h('span', {class: 'icon-plus', 'aria-hidden': 'true'},
                       '+'), ' Launch Cluster');
    launch.addEventListener('click', () => launchCluster(this.ctx));
    this.tbody = h('tbody');
    this.footer = h('td', {colspan: '7'});
    this.table = h('table', {class: 'table table-striped',
                             id: 'clusters-table'},
                   h('caption', {class: 'sr-only'}, 'Clusters'),
                   h('thead', {}, h('tr', {},
                     ['Name', 'Datastore', 'Size', 'IP Addresses', 'Task',
                      'Health', 'Actions'].map(
                       (name) => h('th', {scope: 'col'}, name)))),
                   this.tbody,
                   h('tfoot', {}, h('tr', {}, this.footer)));
    main.replaceChildren(
      breadcrumb('Project', 'Database', 'Clusters'),
      h('div', {class: 'page-header'}, h('h1', {}, 'Clusters')),
      h('div', {class: 'table-toolbar'},
        h('div', {class: 'table-filter'}, this.filter),
        h('div', {class: 'table-actions'}, launch)),
      h('div', {class: 'table-wrapper'}, this.table));
    this.showMessage('Loading clusters\u2026');
    this.load();
  }

  destroy() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  showMessage(text) {
    this.tbody.replaceChildren(h('tr', {}, h('td', {colspan: '7',
                                                     class: 'empty'}, text)));
    this.footer.textContent = '';
  }

  async load() {
    clearTimeout(this.timer);
    const api = this.ctx.api;
    let clusters;
    try {
      clusters = await api.clusters();
    } catch (err) {
      if (this.stopped) {
        return;
      }
      if (!this.failing) {
        toast('error', `Unable to retrieve clusters: ${err.message}`);
      }
      this.failing = true;
      if (this.clusters === null) {
        this.showMessage('Unable to retrieve clusters.');
      }
      // Keep trying only if a task was running: it may end meanwhile.
      this.schedule(this.polling);
      return;
    }
    this.failing = false;
    const results = await Promise.allSettled(
      clusters.map((c) => api.instances(c.id)));
    if (this.stopped || api !== this.ctx.api) {
      return;
    }
    this.details = new Map();
    clusters.forEach((c, i) => {
      if (results[i].status === 'fulfilled') {
        this.details.set(c.id, Object.fromEntries(
          results[i].value.map((inst) => [inst.id, inst])));
      }
    });
    for (const c of clusters) {
      if (isBusy(c)) {
        this.ctx.markBusy(c.id);
      }
    }
    this.clusters = clusters;
    this.render();
    this.polling = this.clusters.some(
      (c) => needsPolling(this.ctx, c, this.health(c)));
    this.schedule(this.polling);
  }

  schedule(again) {
    clearTimeout(this.timer);
    if (again && !this.stopped) {
      this.timer = setTimeout(() => this.load(), POLL_MS);
    }
  }

  health(cluster) {
    return clusterHealth(cluster, this.details.get(cluster.id) || null,
                         this.ctx.settling(cluster));
  }

  render() {
    if (this.clusters === null) {
      return;
    }
    if (menuOpen()) {
      // Do not pull a row's open menu from under the pointer.
      setTimeout(() => this.render(), 500);
      return;
    }
    const needle = this.filter.value.trim().toLowerCase();
    const shown = this.clusters.filter((c) => !needle ||
      c.name.toLowerCase().includes(needle) ||
      (c.ip || []).some((ip) => ip.includes(needle)));
    keepFocus(this.table, () => {
      if (!shown.length) {
        this.showMessage('No items to display.');
      } else {
        this.tbody.replaceChildren(...shown.map((c) => this.row(c)));
      }
    });
    const n = shown.length;
    this.footer.textContent = `Displaying ${n} item${n === 1 ? '' : 's'}`;
  }

  row(cluster) {
    const flavors = this.ctx.flavors;
    const addresses = clusterAddresses(cluster);
    return h('tr', {'data-cluster-id': cluster.id,
                    'data-task': cluster.task.name,
                    'data-health': this.health(cluster).state},
             h('th', {scope: 'row'},
               h('a', {href: `#/clusters/${encodeURIComponent(cluster.id)}`,
                       'data-key': `name-${cluster.id}`}, cluster.name)),
             h('td', {}, datastoreText(cluster)),
             h('td', {}, sizeText(cluster, flavors)),
             h('td', {}, addresses.length ?
               h('ul', {class: 'ip-list'},
                 addresses.map((ip) => h('li', {}, ip))) : '-'),
             h('td', {}, taskCell(cluster)),
             h('td', {}, healthCell(this.health(cluster))),
             h('td', {class: 'actions-column'},
               clusterActions(this.ctx, cluster)));
  }
}
