// Grow Cluster (one or more new instance rows) and Shrink Cluster (pick
// members to remove) modals.

import {flavorOptions, isFieldError} from './launch.js';
import {byName, smallestVolume} from './model.js';
import {field, focusFirst, h, modal, select, toast, uid, wholeNumber}
  from './ui.js';

export function growCluster(ctx, cluster) {
  const smallest = smallestVolume(cluster);
  const members = cluster.instances || [];
  const defaultFlavor = members.length && members[0].flavor ?
    String(members[0].flavor.id) : undefined;
  const rows = [];
  const list = h('div', {class: 'grow-rows'});
  const add = h('button', {type: 'button', class: 'btn btn-default btn-sm'},
                '+ Add Another Instance');

  // Blocking: not a size at all. Advisory: below the smallest member's
  // volume (the dialog's view of the cluster may be stale, so the API has
  // the last word and its message replaces this one on submit).
  function volumeProblem(text) {
    const size = wholeNumber(text);
    return size >= 1 ? '' : 'Enter a whole number of GB.';
  }

  function volumeHint(text) {
    const size = wholeNumber(text);
    return size >= 1 && size < smallest ?
      `Must be at least ${smallest} GB, the smallest volume in the ` +
      'cluster.' : '';
  }

  function renumber() {
    rows.forEach((row, index) => {
      row.legend.textContent = `New Instance ${index + 1}`;
      row.remove.setAttribute('aria-label',
                              `Remove new instance ${index + 1}`);
      row.remove.hidden = rows.length === 1;
    });
  }

  function addRow() {
    const row = {
      legend: h('legend'),
      flavor: field({label: 'Flavor', required: true,
                     input: select(flavorOptions(ctx.flavors),
                                   defaultFlavor)}),
      type: field({label: 'Type', input: select([
        {value: 'member', label: 'Data node'},
        {value: 'arbitrator', label: 'Arbitrator (no volume)'}])}),
      volume: field({label: 'Volume Size (GB)', required: true,
                     input: h('input', {type: 'number', min: String(smallest),
                                        step: '1', value: String(smallest),
                                        inputmode: 'numeric'})}),
      name: field({label: 'Instance Name (optional)',
                   input: h('input', {type: 'text', autocomplete: 'off',
                                      spellcheck: 'false'})}),
      remove: h('button', {type: 'button', class: 'btn btn-link btn-sm'},
                'Remove'),
    };
    row.type.input.addEventListener('change', () => {
      // An arbitrator (garbd) holds no data: it takes no volume.
      row.volume.input.disabled = row.type.input.value === 'arbitrator';
      row.volume.clear();
    });
    row.volume.input.addEventListener('input', () => {
      const value = row.volume.input.value;
      row.volume.setError(volumeProblem(value) || volumeHint(value));
    });
    row.remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      row.el.remove();
      renumber();
      focusFirst(rows[rows.length - 1].el);
    });
    row.el = h('fieldset', {class: 'grow-row'}, row.legend,
               h('div', {class: 'grow-fields'}, row.flavor.group,
                 row.type.group, row.volume.group, row.name.group),
               h('div', {class: 'grow-remove'}, row.remove));
    rows.push(row);
    list.appendChild(row.el);
    renumber();
    return row;
  }

  function check() {
    let first = null;
    for (const row of rows) {
      row.name.clear();
      const problem = row.volume.input.disabled ? '' :
        volumeProblem(row.volume.input.value);
      row.volume.setError(problem);
      if (problem && !first) {
        first = row.volume.input;
      }
    }
    if (first) {
      first.focus();
    }
    return !first;
  }

  function showApiError(dialog, err) {
    const where = /grow\/(\d+)\/(volume|flavorRef|name)/.exec(err.message);
    let row = where ? rows[Number(where[1])] : null;
    let target = where ? {volume: 'volume', flavorRef: 'flavor',
                          name: 'name'}[where[2]] : null;
    if (!target && isFieldError(err)) {
      target = /volume/i.test(err.message) ? 'volume' :
        /flavor/i.test(err.message) ? 'flavor' :
          /name/i.test(err.message) ? 'name' : null;
    }
    if (target === 'volume' && !row) {
      // '...; 1 GB given.' names the size, so the row that has it.
      const given = /(\d+) GB given/.exec(err.message);
      const size = (r) => wholeNumber(r.volume.input.value);
      row = (given && rows.find((r) => size(r) === Number(given[1]))) ||
        rows.find((r) => size(r) < smallest) || rows[0];
    } else if (target && !row) {
      row = rows[0];
    }
    if (row && target) {
      row[target].setError(err.message);
      row[target].input.focus();
    } else {
      dialog.showError(err.message);
    }
  }

  async function submit(dialog) {
    if (!check()) {
      return;
    }
    const instances = rows.map((row) => {
      const spec = {flavorRef: row.flavor.input.value};
      if (row.type.input.value === 'arbitrator') {
        spec.type = 'arbitrator';
      } else {
        spec.volume = {size: wholeNumber(row.volume.input.value)};
      }
      const name = row.name.input.value.trim();
      if (name) {
        spec.name = name;
      }
      return spec;
    });
    dialog.busy(true);
    try {
      await ctx.api.grow(cluster.id, instances);
      dialog.close();
      ctx.markBusy(cluster.id);
      toast('success', `Growing cluster "${cluster.name}" by ` +
            `${instances.length} instance${instances.length > 1 ? 's' : ''}.`);
      ctx.refresh();
    } catch (err) {
      dialog.busy(false);
      showApiError(dialog, err);
    }
  }

  const dialog = modal({
    title: 'Grow Cluster', wide: true, submitLabel: 'Grow Cluster',
    onSubmit: submit,
    description: [
      h('h3', {}, 'Description:'),
      h('p', {}, `Add instances to "${cluster.name}". Each joins the ` +
        'cluster and receives a full copy of the data.'),
      h('p', {}, `Every new volume must be at least ${smallest} GB, the ` +
        'smallest volume in the cluster.'),
    ],
  });
  dialog.body.append(list, h('div', {class: 'grow-add'}, add));
  add.addEventListener('click', () => focusFirst(addRow().el));
  addRow();
  focusFirst(list);
  return dialog;
}

export function shrinkCluster(ctx, cluster) {
  const members = byName(cluster.instances);
  const errorId = uid('shrink-error');
  const error = h('div', {class: 'help-block field-error', id: errorId,
                          role: 'alert', hidden: true});
  const warning = h('div', {class: 'alert alert-warning', hidden: true});
  const boxes = members.map((m) => {
    const input = h('input', {type: 'checkbox', value: m.id,
                              id: uid('shrink')});
    const label = h('label', {for: input.id}, input, ' ',
                    h('strong', {}, m.name),
                    ` \u2014 ${m.ip || 'no address'}, ${m.status}`);
    return {member: m, input, el: h('div', {class: 'checkbox'}, label)};
  });
  const fieldset = h('fieldset', {class: 'form-group'},
                     h('legend', {}, 'Instances to Remove'),
                     boxes.map((b) => b.el), error);

  function chosen() {
    return boxes.filter((b) => b.input.checked).map((b) => b.member.id);
  }

  function setError(message) {
    error.textContent = message || '';
    error.hidden = !message;
    fieldset.classList.toggle('has-error', Boolean(message));
    if (message) {
      fieldset.setAttribute('aria-describedby', errorId);
    } else {
      fieldset.removeAttribute('aria-describedby');
    }
  }

  function problem() {
    const ids = chosen();
    if (!ids.length) {
      return 'Select at least one instance to remove.';
    }
    if (ids.length >= members.length) {
      return 'A cluster must keep at least 1 instance.';
    }
    return '';
  }

  function update() {
    const left = members.length - chosen().length;
    warning.hidden = !(left > 0 && left < 3 && chosen().length);
    warning.textContent = `${left} node${left === 1 ? '' : 's'} will ` +
      'remain: with fewer than 3 nodes the cluster loses quorum if one ' +
      'of them fails.';
    setError(chosen().length >= members.length ? problem() : '');
  }

  async function submit(dialog) {
    const message = problem();
    setError(message);
    if (message) {
      boxes[0].input.focus();
      return;
    }
    const ids = chosen();
    dialog.busy(true);
    try {
      await ctx.api.shrink(cluster.id, ids);
      dialog.close();
      ctx.markBusy(cluster.id);
      toast('success', `Shrinking cluster "${cluster.name}" by ` +
            `${ids.length} instance${ids.length > 1 ? 's' : ''}.`);
      ctx.refresh();
    } catch (err) {
      dialog.busy(false);
      if (isFieldError(err)) {
        setError(err.message);
      } else {
        dialog.showError(err.message);
      }
    }
  }

  const dialog = modal({
    title: 'Shrink Cluster', submitLabel: 'Shrink Cluster',
    submitClass: 'btn-danger', onSubmit: submit,
    description: [
      h('h3', {}, 'Description:'),
      h('p', {}, `Remove instances from "${cluster.name}". Each one ` +
        'leaves the cluster cleanly and is then deleted with its volume.'),
      h('p', {}, 'At least one instance must remain.'),
    ],
  });
  dialog.body.append(fieldset, warning);
  for (const box of boxes) {
    box.input.addEventListener('change', update);
  }
  focusFirst(fieldset);
  return dialog;
}
