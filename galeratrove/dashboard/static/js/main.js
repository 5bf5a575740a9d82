// Start-up: find out how to authenticate, sign in when Keystone is used,
// then route between the clusters table and a cluster's detail page.

import {Api, onUnauthorized, session} from './api.js';
import {BackupsView} from './backups.js';
import {ClustersView} from './clusters.js';
import {DetailView} from './detail.js';
import {SETTLE_MS, isBusy} from './model.js';
import {field, focusFirst, h, toast} from './ui.js';

const state = {
  session: null,
  api: null,
  flavors: new Map(),
  datastores: [],
  view: null,
  lastBusy: new Map(),
  routing: false,
};

const ctx = {
  get api() {
    return state.api;
  },
  get flavors() {
    return state.flavors;
  },
  get datastores() {
    return state.datastores;
  },
  // The flavors and datastores, fetched again if the last try failed.
  async catalog() {
    if (!state.datastores.length || !state.flavors.size) {
      await loadCatalog();
    }
  },
  markBusy(id) {
    state.lastBusy.set(id, Date.now());
  },
  settling(cluster) {
    const seen = state.lastBusy.get(cluster.id);
    return !isBusy(cluster) && seen !== undefined &&
      Date.now() - seen < SETTLE_MS;
  },
  refresh() {
    if (state.view) {
      state.view.load();
    }
  },
  deleted() {
    if (state.view instanceof DetailView) {
      window.location.hash = '#/clusters';
    } else {
      ctx.refresh();
    }
  },
};

const main = () => document.getElementById('main');

function setView(view) {
  if (state.view) {
    state.view.destroy();
  }
  state.view = view;
  if (view) {
    view.mount(main());
  }
}

function markNav(href) {
  for (const item of document.querySelectorAll('.nav-item')) {
    const current = item.getAttribute('href') === href;
    item.classList.toggle('active', current);
    if (current) {
      item.setAttribute('aria-current', 'page');
    } else {
      item.removeAttribute('aria-current');
    }
  }
}

function route() {
  const parts = window.location.hash.replace(/^#\/?/, '').split('/')
    .filter(Boolean).map(decodeURIComponent);
  document.title = 'Database Clusters - galeratrove';
  markNav(parts[0] === 'backups' ? '#/backups' : '#/clusters');
  if (parts[0] === 'backups') {
    document.title = 'Database Backups - galeratrove';
    setView(new BackupsView(ctx));
  } else if (parts[0] === 'clusters' && parts[1]) {
    setView(new DetailView(ctx, parts[1], parts[2]));
  } else {
    if (parts.length && parts[0] !== 'clusters') {
      history.replaceState(null, '', '#/clusters');
    }
    setView(new ClustersView(ctx));
  }
}

async function loadCatalog() {
  try {
    const [flavors, datastores] = await Promise.all([
      state.api.flavors(), state.api.datastores()]);
    state.flavors = new Map(flavors.map((f) => [String(f.id), f]));
    state.datastores = datastores;
  } catch (err) {
    toast('error', `Unable to retrieve flavors and datastores: ${
      err.message}`);
  }
}

function projectFromUrl() {
  return new URLSearchParams(window.location.search).get('project');
}

function renderContext() {
  const bar = document.getElementById('context-bar');
  const user = document.getElementById('user-bar');
  const s = state.session;
  if (s.auth_strategy === 'noauth') {
    const input = h('input', {type: 'text', id: 'project-input',
                              class: 'form-control input-sm',
                              value: state.api.project, autocomplete: 'off',
                              spellcheck: 'false'});
    const form = h('form', {class: 'project-form', novalidate: true},
                   h('label', {for: 'project-input'}, 'Project'), input,
                   h('button', {type: 'submit', class: 'btn btn-default ' +
                                'btn-sm'}, 'Switch'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const project = input.value.trim();
      if (project && project !== state.api.project) {
        switchProject(project);
      }
    });
    bar.replaceChildren(form);
    user.replaceChildren(h('span', {class: 'auth-mode',
                                    title: 'auth_strategy = noauth'},
                           'No authentication'));
  } else {
    bar.replaceChildren(h('span', {class: 'context-label'}, 'Project'),
                        h('strong', {id: 'current-project'},
                          s.project.name || s.project.id));
    const signOut = h('button', {type: 'button',
                                 class: 'btn btn-default btn-sm'},
                      'Sign Out');
    signOut.addEventListener('click', signOutNow);
    user.replaceChildren(h('span', {class: 'user-name'},
                           s.user.name || s.user.id), signOut);
  }
}

async function switchProject(project) {
  const url = new URL(window.location.href);
  url.searchParams.set('project', project);
  history.replaceState(null, '', url.href.replace(/#.*$/, '') + '#/clusters');
  state.api = new Api(project);
  state.lastBusy.clear();
  renderContext();
  await loadCatalog();
  route();
}

async function enter(s) {
  state.session = s;
  document.body.classList.remove('signed-out');
  const project = s.auth_strategy === 'noauth' ?
    projectFromUrl() || s.project.id : s.project.id;
  state.api = new Api(project);
  renderContext();
  await loadCatalog();
  if (!state.routing) {
    state.routing = true;
    window.addEventListener('hashchange', route);
  }
  route();
}

async function signOutNow() {
  try {
    await session.logout();
  } catch (err) {
    // The cookie is cleared by the server even when Keystone is down.
  }
  showSignIn('You have signed out.', state.session.default_domain);
}

function showSignIn(notice, defaultDomain) {
  setView(null);
  document.body.classList.add('signed-out');
  document.getElementById('context-bar').replaceChildren();
  document.getElementById('user-bar').replaceChildren();
  const fields = {
    username: field({label: 'User Name', required: true,
                     input: h('input', {type: 'text',
                                        autocomplete: 'username'})}),
    password: field({label: 'Password', required: true,
                     input: h('input', {type: 'password',
                                        autocomplete: 'current-password'})}),
    project: field({label: 'Project', required: true,
                    input: h('input', {type: 'text'})}),
    domain: field({label: 'Domain', required: true,
                   input: h('input', {type: 'text',
                                      value: defaultDomain || 'Default'})}),
  };
  const alert = h('div', {class: 'alert alert-danger', role: 'alert',
                          hidden: true});
  const info = h('div', {class: 'alert alert-info', role: 'status',
                         hidden: !notice}, notice || '');
  const submit = h('button', {type: 'submit', class: 'btn btn-primary'},
                   'Sign In');
  const form = h('form', {class: 'login-box', novalidate: true,
                          'aria-labelledby': 'login-title'},
                 h('h1', {id: 'login-title'}, 'Log in'),
                 h('p', {class: 'text-muted'},
                   'Sign in with your Keystone credentials.'),
                 info, alert, Object.values(fields).map((f) => f.group),
                 h('div', {class: 'login-actions'}, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.hidden = true;
    const values = {};
    let ok = true;
    for (const [name, f] of Object.entries(fields)) {
      f.clear();
      values[name] = name === 'password' ? f.input.value :
        f.input.value.trim();
      if (!values[name]) {
        f.setError('This field is required.');
        ok = false;
      }
    }
    if (!ok) {
      focusFirst(form);
      return;
    }
    submit.disabled = true;
    try {
      const result = await session.login(values);
      fields.password.input.value = '';
      await enter({...result.session, default_domain: values.domain});
    } catch (err) {
      alert.textContent = err.message;
      alert.hidden = false;
      fields.password.input.value = '';
      fields.password.input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  main().replaceChildren(h('div', {class: 'login-page'}, form));
  fields.username.input.focus();
}

async function start() {
  onUnauthorized(() => {
    if (state.session && state.session.auth_strategy === 'keystone' &&
        !document.body.classList.contains('signed-out')) {
      showSignIn('Your session has expired. Sign in again.',
                 state.session.default_domain);
    }
  });
  let s;
  try {
    s = (await session.get()).session;
  } catch (err) {
    main().replaceChildren(h('div', {class: 'alert alert-danger',
                                     role: 'alert'},
                             `The dashboard cannot start: ${err.message}`));
    return;
  }
  if (s.auth_strategy === 'keystone' && !s.signed_in) {
    state.session = s;
    showSignIn(null, s.default_domain);
    return;
  }
  await enter(s);
}

start();
