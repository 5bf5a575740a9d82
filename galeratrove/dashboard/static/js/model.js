// What the API's cluster and instance views mean to a person: task names,
// sizes, and a health verdict per cluster.

const TASKS = {
  NONE: 'None',
  BUILDING: 'Building',
  GROWING_CLUSTER: 'Growing Cluster',
  SHRINKING_CLUSTER: 'Shrinking Cluster',
  UPDATING_CLUSTER: 'Updating Cluster',
  DELETING: 'Deleting',
  ROLLING_RESTART: 'Rolling Restart',
  UPGRADING_CLUSTER: 'Upgrading Cluster',
  REPLACING_INSTANCE: 'Replacing Instance',
};

const RUNNING_LABELS = {
  BUILDING: 'Building',
  GROWING_CLUSTER: 'Growing',
  SHRINKING_CLUSTER: 'Shrinking',
  UPDATING_CLUSTER: 'Updating',
  ROLLING_RESTART: 'Restarting',
  UPGRADING_CLUSTER: 'Upgrading',
  REPLACING_INSTANCE: 'Replacing',
};

// After a task ends, the other nodes report the new membership with their
// next heartbeat; until then a healthy cluster can look degraded.
export const SETTLE_MS = 30000;

// Members in name order (node-2 before node-10).
export function byName(items) {
  return [...(items || [])].sort((a, b) => String(a.name).localeCompare(
    String(b.name), undefined, {numeric: true}));
}

export function taskName(cluster) {
  const name = cluster.task ? cluster.task.name : 'NONE';
  return TASKS[name] || name;
}

export function isBusy(cluster) {
  return Boolean(cluster.task && cluster.task.name !== 'NONE');
}

export function datastoreText(cluster) {
  const ds = cluster.datastore || {};
  return `${ds.type || '?'} ${ds.version || ''}`.trim();
}

export function flavorName(flavors, id) {
  const flavor = flavors.get(String(id));
  return flavor ? flavor.name : `flavor ${id}`;
}

export function sizeText(cluster, flavors) {
  const members = cluster.instances || [];
  const names = [...new Set(members.map(
    (m) => flavorName(flavors, m.flavor && m.flavor.id)))];
  const nodes = `${members.length} node${members.length === 1 ? '' : 's'}`;
  return names.length ? `${nodes} \u00b7 ${names.join(', ')}` : nodes;
}

export function smallestVolume(cluster) {
  // An arbitrator's volume (0) is none: data nodes only.
  const sizes = (cluster.instances || [])
    .filter((m) => m.type !== 'arbitrator')
    .map((m) => m.volume && m.volume.size)
    .filter((s) => Number.isInteger(s));
  return sizes.length ? Math.min(...sizes) : 1;
}

export function clusterAddresses(cluster) {
  // Where clients connect: an arbitrator serves no SQL.
  return byName(cluster.instances).filter((m) => m.type !== 'arbitrator')
    .map((m) => m.ip).filter(Boolean);
}

export function formatTime(value) {
  if (!value) {
    return '-';
  }
  return `${value.replace('T', ' ')} UTC`;
}

export function galeraText(instance) {
  const g = instance.galera;
  if (!g) {
    return {text: 'Unknown', detail: 'No report from this node yet.'};
  }
  if (g.running === false) {
    return {text: 'Not running', detail: 'The database server is stopped.'};
  }
  if (instance.type === 'arbitrator') {
    return {text: 'Arbitrator running',
            detail: 'garbd votes in the quorum; it holds no data.'};
  }
  const parts = [g.wsrep_local_state_comment || 'Unknown'];
  if (g.wsrep_cluster_status) {
    parts.push(g.wsrep_cluster_status);
  }
  if (g.wsrep_cluster_size !== undefined) {
    parts.push(`${g.wsrep_cluster_size} nodes`);
  }
  let detail = g.wsrep_ready === 'ON' ? 'Ready for queries.' :
    'Not ready for queries.';
  if (g.wsrep_ready === undefined) {
    detail = '';
  }
  return {text: parts.join(' \u00b7 '), detail};
}

function names(members) {
  return members.map((m) => m.name).join(', ');
}

function verdict(state, label, reason) {
  return {state, label, reason};
}

// members: the cluster view's instances; details: the instances view
// (with Galera state) keyed by id, or null while it is not loaded.
function galeraProblems(members, details) {
  const problems = [];
  let unknown = 0;
  for (const member of members) {
    const g = details[member.id] && details[member.id].galera;
    if (!g) {
      unknown += 1;
    } else if (g.running === false) {
      problems.push(`${member.name} is not running`);
    } else if (member.type === 'arbitrator') {
      continue; // garbd has no SQL state to report: running is all
    } else if (g.wsrep_cluster_status !== 'Primary') {
      problems.push(`${member.name} is in a ` +
                    `${g.wsrep_cluster_status || 'unknown'} component`);
    } else if (g.wsrep_local_state_comment !== 'Synced') {
      problems.push(`${member.name} is ` +
                    `${g.wsrep_local_state_comment || 'not synced'}`);
    } else if (Number(g.wsrep_cluster_size) !== members.length) {
      problems.push(`${member.name} sees ${g.wsrep_cluster_size} of ` +
                    `${members.length} nodes`);
    } else if (g.wsrep_ready !== undefined && g.wsrep_ready !== 'ON') {
      problems.push(`${member.name} is not ready`);
    }
  }
  return {problems, unknown};
}

export function clusterHealth(cluster, details, settling) {
  const task = cluster.task ? cluster.task.name : 'NONE';
  const members = cluster.instances || [];
  if (task === 'DELETING') {
    return verdict('deleting', 'Deleting', 'The cluster is being deleted.');
  }
  if (!members.length) {
    return verdict('error', 'Error', 'The cluster has no instances.');
  }
  const failed = members.filter((m) => m.status === 'ERROR');
  if (failed.length) {
    const fault = failed.find((m) => m.fault && m.fault.message);
    return verdict('error', 'Error', `${names(failed)} in ERROR` +
                   (fault ? `: ${fault.fault.message}` : '.'));
  }
  const active = members.filter((m) => m.status === 'ACTIVE');
  if (RUNNING_LABELS[task]) {
    return verdict('building', RUNNING_LABELS[task],
                   `${taskName(cluster)}: ${active.length} of ` +
                   `${members.length} instances active.`);
  }
  const building = members.filter((m) => m.status === 'BUILD');
  if (building.length) {
    return verdict('building', 'Building',
                   `${names(building)} still building.`);
  }
  // A member whose configuration waits for a restart still serves.
  const down = members.filter(
    (m) => m.status !== 'ACTIVE' && m.status !== 'RESTART_REQUIRED');
  if (down.length) {
    return verdict('degraded', 'Degraded', down.map(
      (m) => `${m.name} is ${m.status}`).join('; ') + '.');
  }
  if (!details) {
    return verdict('unknown', 'Checking', 'Reading the nodes\u2019 state.');
  }
  const {problems, unknown} = galeraProblems(members, details);
  if (problems.length || unknown) {
    if (settling) {
      return verdict('building', 'Syncing',
                     'Waiting for every node to report the new ' +
                     'membership.');
    }
    if (problems.length) {
      return verdict('degraded', 'Degraded', problems.join('; ') + '.');
    }
    return verdict('unknown', 'Unknown',
                   `No Galera report yet from ${unknown} of ` +
                   `${members.length} nodes.`);
  }
  return verdict('healthy', 'Healthy',
                 `All ${members.length} nodes Synced in the Primary ` +
                 'component.');
}
