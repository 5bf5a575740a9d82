// One cluster: the Overview tab (task, datastore, addresses, how to
// connect) and the Instances tab (each node with its Galera state).

import {clusterActions, menuOpen} from './actions.js';
import {POLL_MS, breadcrumb, healthCell, keepFocus, needsPolling,
        taskCell} from './clusters.js';
import {byName, clusterHealth, datastoreText, flavorName, formatTime,
        galeraText, isBusy, sizeText} from './model.js';
import {h, toast} from './ui.js';

const TABS = [['overview', 'Overview'], ['instances', 'Instances']];

function dl(rows) {
  return h('dl', {class: 'dl-horizontal'},
           rows.map(([term, value]) => [h('dt', {}, term),
                                        h('dd', {}, value)]));
}

function volumeCell(instance) {
  if (instance.type === 'arbitrator') {
    return 'None (arbitrator)';
  }
  const volume = instance.volume || {};
  const size = volume.size;
  const used = typeof volume.used === 'number' ? volume.used : null;
  if (used === null || !size) {
    return `${size || '?'} GB`;
  }
  const percent = Math.min(100, Math.round(used / size * 100));
  const bar = h('span', {class: `usage-bar${percent >= 80 ? ' high' : ''}`,
                         role: 'img',
                         'aria-label': `${percent}% used`});
  const fill = h('span', {class: 'usage-fill'});
  fill.style.width = `${percent}%`;
  bar.appendChild(fill);
  return [h('div', {}, `${size} GB`), bar,
          h('div', {class: 'text-muted small'},
            `${used.toFixed(2)} GB used (${percent}%)`)];
}

function statusCell(instance) {
  const status = instance.status || 'UNKNOWN';
  return [h('span', {class: `status status-${status.toLowerCase()}`},
            status),
          instance.fault && instance.fault.message ?
            h('div', {class: 'fault small'}, instance.fault.message) : null];
}

export class DetailView {
  constructor(ctx, clusterId, tab) {
    this.ctx = ctx;
    this.id = clusterId;
    this.tab = TABS.some(([key]) => key === tab) ? tab : 'overview';
    this.cluster = null;
    this.instances = null;
    this.rootEnabled = null;
    this.timer = null;
    this.stopped = false;
    this.polling = false;
    this.failing = false;
  }

  mount(main) {
    this.main = main;
    this.title = h('h1', {}, 'Cluster');
    this.actions = h('div', {class: 'page-actions'});
    this.crumbs = h('div');
    this.tablist = h('div', {class: 'nav-tabs', role: 'tablist',
                             'aria-label': 'Cluster details'});
    this.panels = {};
    this.tabs = {};
    for (const [key, label] of TABS) {
      const tab = h('button', {type: 'button', role: 'tab',
                               id: `tab-${key}`,
                               'aria-controls': `panel-${key}`},
                    label);
      tab.addEventListener('click', () => this.select(key, true));
      tab.addEventListener('keydown', (event) => this.tabKey(event));
      this.tabs[key] = tab;
      this.tablist.appendChild(tab);
      this.panels[key] = h('section', {class: 'tab-panel', role: 'tabpanel',
                                       id: `panel-${key}`,
                                       'aria-labelledby': `tab-${key}`,
                                       tabindex: '0'});
    }
    main.replaceChildren(
      this.crumbs,
      h('div', {class: 'page-header with-actions'}, this.title,
        this.actions),
      this.tablist, ...Object.values(this.panels));
    this.renderCrumbs('\u2026');
    this.select(this.tab, false);
    this.panels.overview.replaceChildren(h('p', {}, 'Loading\u2026'));
    this.load();
  }

  destroy() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  renderCrumbs(name) {
    this.crumbs.replaceChildren(breadcrumb(
      'Project', 'Database', h('a', {href: '#/clusters'}, 'Clusters'),
      name));
  }

  select(key, fromUser) {
    this.tab = key;
    for (const [name] of TABS) {
      const on = name === key;
      this.tabs[name].setAttribute('aria-selected', String(on));
      this.tabs[name].tabIndex = on ? 0 : -1;
      this.tabs[name].classList.toggle('active', on);
      this.panels[name].hidden = !on;
    }
    if (fromUser) {
      const suffix = key === 'overview' ? '' : `/${key}`;
      history.replaceState(
        null, '', `#/clusters/${encodeURIComponent(this.id)}${suffix}`);
      this.tabs[key].focus();
    }
  }

  tabKey(event) {
    const keys = TABS.map(([key]) => key);
    const index = keys.indexOf(this.tab);
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const step = event.key === 'ArrowRight' ? 1 : keys.length - 1;
      this.select(keys[(index + step) % keys.length], true);
    }
  }

  async load() {
    clearTimeout(this.timer);
    const api = this.ctx.api;
    try {
      const [cluster, instances, root] = await Promise.all([
        api.cluster(this.id), api.instances(this.id),
        api.rootEnabled(this.id).catch(() => null)]);
      if (this.stopped) {
        return;
      }
      this.cluster = cluster;
      this.instances = byName(instances);
      this.rootEnabled = root;
    } catch (err) {
      if (this.stopped) {
        return;
      }
      if (err.status === 404) {
        this.gone();
        return;
      }
      if (!this.failing) {
        toast('error', `Unable to retrieve the cluster: ${err.message}`);
      }
      this.failing = true;
      this.schedule(this.polling);
      return;
    }
    this.failing = false;
    if (isBusy(this.cluster)) {
      this.ctx.markBusy(this.cluster.id);
    }
    this.render();
    this.polling = needsPolling(this.ctx, this.cluster, this.health());
    this.schedule(this.polling);
  }

  schedule(again) {
    clearTimeout(this.timer);
    if (again && !this.stopped) {
      this.timer = setTimeout(() => this.load(), POLL_MS);
    }
  }

  gone() {
    this.renderCrumbs('Not found');
    this.title.textContent = 'Cluster not found';
    this.actions.replaceChildren();
    this.tablist.hidden = true;
    for (const panel of Object.values(this.panels)) {
      panel.hidden = true;
    }
    this.main.appendChild(h('div', {class: 'alert alert-info'},
      'This cluster does not exist (any more). ',
      h('a', {href: '#/clusters'}, 'Back to the clusters')));
  }

  health() {
    const details = Object.fromEntries(
      (this.instances || []).map((i) => [i.id, i]));
    return clusterHealth(this.cluster, details,
                         this.ctx.settling(this.cluster));
  }

  render() {
    if (menuOpen()) {
      setTimeout(() => this.render(), 500);
      return;
    }
    const cluster = this.cluster;
    document.title = `${cluster.name} - Database Clusters - galeratrove`;
    this.renderCrumbs(cluster.name);
    this.title.textContent = cluster.name;
    keepFocus(this.actions, () => {
      this.actions.replaceChildren(clusterActions(this.ctx, cluster));
    });
    this.panels.overview.replaceChildren(...this.overview());
    keepFocus(this.panels.instances, () => {
      this.panels.instances.replaceChildren(this.instanceTable());
    });
  }

  overview() {
    const cluster = this.cluster;
    const task = cluster.task || {};
    // The addresses clients connect to: not the arbitrator's.
    const nodes = this.instances.filter((i) => i.type !== 'arbitrator')
      .map((i) => ({name: i.name, ip: (i.ip || [])[0]}));
    const first = nodes.find((n) => n.ip);
    const root = this.rootEnabled === null ? 'Unknown' :
      this.rootEnabled ? 'Yes' : 'No';
    return [
      h('h2', {class: 'section-title'}, 'Cluster'),
      dl([
        ['Name', cluster.name],
        ['ID', h('code', {}, cluster.id)],
        ['Datastore', datastoreText(cluster)],
        ['Size', sizeText(cluster, this.ctx.flavors)],
        ['Task', [taskCell(cluster), h('div', {class: 'text-muted small'},
                                       task.description || '')]],
        ['Health', healthCell(this.health(), true)],
        ['Created', formatTime(cluster.created)],
        ['Updated', formatTime(cluster.updated)],
        ['Root Enabled', root],
      ]),
      h('h2', {class: 'section-title'}, 'Connection'),
      dl([
        ['Node Addresses', nodes.length ? h('ul', {class: 'ip-list'},
          nodes.map((n) => h('li', {}, h('code', {}, n.ip || '-'),
                             h('span', {class: 'text-muted'},
                               ` ${n.name}`)))) : '-'],
        ['Port', '3306'],
        ...(cluster.tls ? [['TLS', this.tlsCell()]] : []),
        ['Example', [
          h('pre', {class: 'connect-example'},
            h('code', {}, `mysql -h ${first ? first.ip : '<address>'} ` +
              (cluster.tls ? '--ssl-ca=ca.pem --ssl-verify-server-cert ' :
                '') + '-u root -p')),
          h('div', {class: 'text-muted small'}, this.rootEnabled ?
            'Every node accepts reads and writes; use any address.' :
            'Root is not enabled yet: use Enable Root (in the actions ' +
            'menu) to get its password.')]],
      ]),
    ];
  }

  // TLS clusters: clients must use TLS; the CA verifies the nodes.
  tlsCell() {
    const link = h('a', {href: '#', id: 'download-ca'}, 'Download CA');
    link.addEventListener('click', async (event) => {
      event.preventDefault();
      try {
        const pem = await this.ctx.api.caCertificate(this.id);
        const url = URL.createObjectURL(
          new Blob([pem], {type: 'application/x-pem-file'}));
        const save = h('a', {href: url, download: 'ca.pem'});
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      } catch (err) {
        toast('error', `The CA certificate: ${err.message}`);
      }
    });
    return [h('div', {}, 'Required for every client. ', link),
            h('div', {class: 'text-muted small'},
              'The CA certificate (ca.pem) lets a client verify the ' +
              'nodes: their certificates name their addresses.')];
  }

  instanceTable() {
    const flavors = this.ctx.flavors;
    const rows = this.instances.map((i) => {
      const galera = galeraText(i);
      return h('tr', {'data-instance-id': i.id},
               h('th', {scope: 'row'}, i.name),
               h('td', {}, (i.ip || []).length ? h('ul', {class: 'ip-list'},
                 i.ip.map((ip) => h('li', {}, ip))) : '-'),
               h('td', {}, i.type === 'arbitrator' ? 'Arbitrator' :
                 'Data node'),
               h('td', {}, flavorName(flavors, i.flavor && i.flavor.id)),
               h('td', {class: 'volume-cell'}, volumeCell(i)),
               h('td', {}, statusCell(i)),
               h('td', {}, h('div', {}, galera.text),
                 galera.detail ? h('div', {class: 'text-muted small'},
                                   galera.detail) : null));
    });
    const n = rows.length;
    return h('table', {class: 'table table-striped', id: 'instances-table'},
             h('caption', {class: 'sr-only'}, 'Instances'),
             h('thead', {}, h('tr', {}, ['Name', 'IP Address', 'Type',
                                         'Flavor', 'Volume', 'Status',
                                         'Galera State']
               .map((name) => h('th', {scope: 'col'}, name)))),
             h('tbody', {}, n ? rows : h('tr', {}, h('td', {
               colspan: '7', class: 'empty'}, 'No items to display.'))),
             h('tfoot', {}, h('tr', {}, h('td', {colspan: '7'},
               `Displaying ${n} item${n === 1 ? '' : 's'}`))));
  }
}
