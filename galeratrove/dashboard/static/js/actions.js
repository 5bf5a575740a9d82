// A cluster's actions: Grow (the primary button), and Shrink, Restart,
// Upgrade, Replace Instance, Enable Root and Delete behind the menu toggle,
// as Horizon's row actions are laid out.

import {isBusy} from './model.js';
import {attachConfiguration, detachConfiguration}
  from './configuration.js';
import {growCluster, shrinkCluster} from './resize.js';
import {replaceInstance, restartCluster, upgradeCluster} from './rolling.js';
import {h, modal, toast, uid} from './ui.js';

let openMenu = null;

export function menuOpen() {
  return openMenu !== null;
}

function closeMenu() {
  if (openMenu) {
    const {menu, toggle} = openMenu;
    menu.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    openMenu = null;
  }
}

document.addEventListener('click', (event) => {
  if (openMenu && !openMenu.group.contains(event.target)) {
    closeMenu();
  }
});

document.addEventListener('keydown', (event) => {
  if (!openMenu) {
    return;
  }
  const items = [...openMenu.menu.querySelectorAll(
    '[role=menuitem]:not([disabled])')];
  const index = items.indexOf(document.activeElement);
  if (event.key === 'Escape') {
    const {toggle} = openMenu;
    closeMenu();
    toggle.focus();
  } else if (event.key === 'ArrowDown' && items.length) {
    event.preventDefault();
    items[(index + 1) % items.length].focus();
  } else if (event.key === 'ArrowUp' && items.length) {
    event.preventDefault();
    items[(index - 1 + items.length) % items.length].focus();
  }
});

export function clusterActions(ctx, cluster) {
  const busy = isBusy(cluster);
  const deleting = cluster.task && cluster.task.name === 'DELETING';
  const members = (cluster.instances || []).length;
  const busyHint = busy ? 'Wait until the current task ends.' : null;
  const grow = h('button', {type: 'button', class: 'btn btn-default btn-sm',
                            disabled: busy, title: busyHint,
                            'data-key': `grow-${cluster.id}`},
                 'Grow Cluster');
  grow.addEventListener('click', () => growCluster(ctx, cluster));
  const menuId = uid('menu');
  const toggle = h('button', {type: 'button',
                              class: 'btn btn-default btn-sm dropdown-toggle',
                              'aria-haspopup': 'menu',
                              'aria-expanded': 'false',
                              'aria-controls': menuId,
                              'aria-label': `More actions for ${cluster.name}`,
                              'data-key': `more-${cluster.id}`},
                   h('span', {class: 'caret', 'aria-hidden': 'true'}));
  const items = [
    ['Shrink Cluster', busy || members < 2, () => shrinkCluster(ctx, cluster)],
    ['Restart Cluster', busy || members < 2,
     () => restartCluster(ctx, cluster)],
    ['Upgrade Cluster', busy || members < 2,
     () => upgradeCluster(ctx, cluster)],
    ['Replace Instance', busy || members < 2,
     () => replaceInstance(ctx, cluster)],
    ['Enable Root', busy, () => enableRoot(ctx, cluster)],
    ['Attach Configuration Group', busy,
     () => attachConfiguration(ctx, cluster)],
    ['Detach Configuration Group', busy || !cluster.configuration,
     () => detachConfiguration(ctx, cluster)],
    ['Delete Cluster', deleting, () => deleteCluster(ctx, cluster), 'danger'],
  ];
  const menu = h('ul', {class: 'dropdown-menu', role: 'menu', id: menuId,
                        hidden: true},
                 items.map(([label, disabled, action, kind]) => {
                   const item = h('button', {
                     type: 'button', role: 'menuitem', disabled,
                     class: kind ? `text-${kind}` : null}, label);
                   item.addEventListener('click', () => {
                     closeMenu();
                     action();
                   });
                   return h('li', {role: 'none'}, item);
                 }));
  const group = h('div', {class: 'btn-group'}, grow, toggle, menu);
  toggle.addEventListener('click', () => {
    const wasOpen = openMenu && openMenu.menu === menu;
    closeMenu();
    if (!wasOpen) {
      menu.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      openMenu = {menu, toggle, group};
      const first = menu.querySelector('[role=menuitem]:not([disabled])');
      if (first) {
        first.focus();
      }
    }
  });
  return group;
}

export function deleteCluster(ctx, cluster) {
  const dialog = modal({
    title: 'Confirm Delete Cluster', submitLabel: 'Delete Cluster',
    submitClass: 'btn-danger',
    async onSubmit(self) {
      self.busy(true);
      try {
        await ctx.api.deleteCluster(cluster.id);
        self.close();
        ctx.markBusy(cluster.id);
        toast('success', `Scheduled deletion of cluster "${cluster.name}".`);
        ctx.deleted(cluster.id);
      } catch (err) {
        self.busy(false);
        self.showError(err.message);
      }
    },
  });
  dialog.body.append(
    h('p', {}, 'You have selected: ', h('strong', {}, `"${cluster.name}"`),
      '. Please confirm your selection.'),
    h('p', {}, 'Every instance of the cluster is deleted with its volume ' +
      'and data. This action cannot be undone.'));
  dialog.submit.focus();
  return dialog;
}

function copyButton(input) {
  const button = h('button', {type: 'button', class: 'btn btn-default'},
                   'Copy');
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (err) {
      input.select();
      document.execCommand('copy');
    }
    button.textContent = 'Copied';
  });
  return button;
}

function showPassword(dialog, cluster, user) {
  const password = h('input', {type: 'text', id: uid('root-password'),
                               class: 'form-control monospace',
                               readonly: true, value: user.password,
                               autocomplete: 'off', spellcheck: 'false'});
  const name = h('input', {type: 'text', id: uid('root-user'),
                           class: 'form-control monospace', readonly: true,
                           value: user.name});
  const address = (cluster.ip || [])[0] || '<address>';
  dialog.body.replaceChildren(
    h('div', {class: 'alert alert-success'},
      `Root is enabled on every node of "${cluster.name}".`),
    h('div', {class: 'form-group'},
      h('label', {for: name.id}, 'User Name'), name),
    h('div', {class: 'form-group'},
      h('label', {for: password.id}, 'Root Password'),
      h('div', {class: 'input-group'}, password, copyButton(password))),
    h('p', {class: 'help-block'},
      'This password is shown only this once: copy it now. Closing this ' +
      'dialog forgets it.'),
    h('div', {class: 'form-group'},
      h('div', {class: 'label-like'}, 'Connect with'),
      h('pre', {}, h('code', {}, `mysql -h ${address} -u root -p`))));
  dialog.submit.remove();
  dialog.cancel.textContent = 'Close';
  dialog.dialog.querySelector('.modal-title').textContent = 'Root Password';
  password.focus();
  password.select();
}

export function enableRoot(ctx, cluster) {
  const dialog = modal({
    title: 'Enable Root', submitLabel: 'Enable Root',
    async onSubmit(self) {
      self.busy(true);
      try {
        const result = await ctx.api.enableRoot(cluster.id);
        self.busy(false);
        showPassword(self, cluster, result.user);
        ctx.refresh();
      } catch (err) {
        self.busy(false);
        self.showError(err.message);
      }
    },
  });
  dialog.body.append(
    h('p', {}, 'Enable the root user on ', h('strong', {}, cluster.name),
      '? A new password is generated and set on every node.'),
    h('p', {}, 'The password is shown once, in the next step.'));
  dialog.submit.focus();
  return dialog;
}
