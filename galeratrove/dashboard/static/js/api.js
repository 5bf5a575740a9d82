// The REST API and the panel's session endpoints, on the page's own origin.
// Every request carries X-GaleraTrove-Dashboard: 1, which is what lets the
// server turn the HttpOnly session cookie into a Keystone token; the page
// itself never sees the token.

const DASHBOARD = new URL('./', window.location.href);
const ROOT = new URL('../', DASHBOARD);
const HEADERS = {'Accept': 'application/json',
                 'X-GaleraTrove-Dashboard': '1'};

export class ApiError extends Error {
  constructor(message, status, fault) {
    super(message);
    this.status = status;
    this.fault = fault;
  }
}

let unauthorizedHandler = null;

export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function faultMessage(data, response) {
  if (data && typeof data === 'object') {
    for (const value of Object.values(data)) {
      if (value && typeof value === 'object' && value.message) {
        return value.message;
      }
    }
  }
  return `${response.status} ${response.statusText}`.trim();
}

async function request(method, url, body) {
  const options = {method, headers: {...HEADERS},
                   credentials: 'same-origin', cache: 'no-store'};
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch (err) {
    throw new ApiError('The API cannot be reached.', 0);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (err) {
      data = null;
    }
  }
  if (!response.ok) {
    const fault = data && typeof data === 'object' ?
      Object.keys(data)[0] : undefined;
    const error = new ApiError(faultMessage(data, response),
                               response.status, fault);
    if (response.status === 401 && unauthorizedHandler &&
        !url.startsWith(DASHBOARD.href)) {
      unauthorizedHandler(error);
    }
    throw error;
  }
  return data;
}

export const session = {
  get: () => request('GET', new URL('auth/session', DASHBOARD).href),
  login: (credentials) =>
    request('POST', new URL('auth/login', DASHBOARD).href, credentials),
  logout: () => request('POST', new URL('auth/logout', DASHBOARD).href, {}),
};

export class Api {
  constructor(project) {
    this.project = project;
  }

  url(path, query) {
    const url = new URL(
      `v1.0/${encodeURIComponent(this.project)}/${path}`, ROOT);
    for (const [key, value] of Object.entries(query || {})) {
      url.searchParams.set(key, value);
    }
    return url.href;
  }

  get(path, query) {
    return request('GET', this.url(path, query));
  }

  async clusters() {
    // Every page of the list, following the markers.
    const clusters = [];
    let marker = null;
    for (let page = 0; page < 50; page++) {
      const data = await this.get('clusters', marker ? {marker} : {});
      clusters.push(...data.clusters);
      const next = (data.links || []).find((link) => link.rel === 'next');
      if (!next || !data.clusters.length) {
        break;
      }
      marker = new URL(next.href).searchParams.get('marker');
      if (!marker) {
        break;
      }
    }
    return clusters;
  }

  async cluster(id) {
    return (await this.get(`clusters/${encodeURIComponent(id)}`)).cluster;
  }

  async instances(id) {
    const path = `clusters/${encodeURIComponent(id)}/instances`;
    return (await this.get(path)).instances;
  }

  async caCertificate(id) {
    const path = `clusters/${encodeURIComponent(id)}/ca`;
    return (await this.get(path)).ca_certificate;
  }

  async rootEnabled(id) {
    const path = `clusters/${encodeURIComponent(id)}/root`;
    return (await this.get(path)).rootEnabled;
  }

  async datastores() {
    return (await this.get('datastores')).datastores;
  }

  async flavors() {
    return (await this.get('flavors')).flavors;
  }

  async createCluster(spec) {
    return (await request('POST', this.url('clusters'),
                          {cluster: spec})).cluster;
  }

  grow(id, instances) {
    return request('POST', this.url(`clusters/${encodeURIComponent(id)}`),
                   {grow: instances});
  }

  shrink(id, instanceIds) {
    return request('POST', this.url(`clusters/${encodeURIComponent(id)}`),
                   {shrink: instanceIds.map((iid) => ({id: iid}))});
  }

  // A cluster action: {restart: {}}, {upgrade: {...}}, {'replace-instance':
  // {...}}.
  action(id, body) {
    return request('POST', this.url(`clusters/${encodeURIComponent(id)}`),
                   body);
  }

  async versions(datastore) {
    const path = `datastores/${encodeURIComponent(datastore)}/versions`;
    return (await this.get(path)).versions;
  }

  deleteCluster(id) {
    return request('DELETE',
                   this.url(`clusters/${encodeURIComponent(id)}`));
  }

  async configurations() {
    return (await this.get('configurations')).configurations;
  }

  attachConfiguration(id, configurationId) {
    return request('POST', this.url(`clusters/${encodeURIComponent(id)}`),
                   {configuration_attach: {configuration_id:
                                           configurationId}});
  }

  detachConfiguration(id) {
    return request('POST', this.url(`clusters/${encodeURIComponent(id)}`),
                   {configuration_detach: {}});
  }

  async backups() {
    return (await this.get('backups', {limit: 1000})).backups;
  }

  async createBackup(spec) {
    return (await request('POST', this.url('backups'),
                          {backup: spec})).backup;
  }

  deleteBackup(id) {
    return request('DELETE', this.url(`backups/${encodeURIComponent(id)}`));
  }

  async schedules() {
    return (await this.get('backup_schedules')).backup_schedules;
  }

  async createSchedule(spec) {
    return (await request('POST', this.url('backup_schedules'),
                          {backup_schedule: spec})).backup_schedule;
  }

  deleteSchedule(id) {
    return request('DELETE',
                   this.url(`backup_schedules/${encodeURIComponent(id)}`));
  }

  enableRoot(id) {
    return request('POST',
                   this.url(`clusters/${encodeURIComponent(id)}/root`), {});
  }
}
