// Small DOM helpers: elements, modal dialogs, form fields and toasts.
// Text from the API always goes in as text nodes, never as HTML.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value') {
      el.value = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

let counter = 0;

export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function badge(state, label, reason) {
  return h('span', {class: `badge badge-${state}`, title: reason || null},
           label);
}

export function spinner() {
  return h('span', {class: 'spinner', 'aria-hidden': 'true'});
}

// A labelled form control with a place for its error message.
export function field({label, input, help, required}) {
  const id = input.id || uid('field');
  input.id = id;
  input.classList.add('form-control');
  const errorId = `${id}-error`;
  const helpId = help ? `${id}-help` : null;
  const error = h('div', {class: 'help-block field-error', id: errorId,
                          hidden: true});
  const group = h('div', {class: 'form-group'},
                  h('label', {for: id},
                    label, required ? h('span', {class: 'required',
                                                 'aria-hidden': 'true'},
                                        ' *') : null),
                  input, error,
                  help ? h('div', {class: 'help-block', id: helpId},
                           help) : null);
  if (required) {
    input.setAttribute('aria-required', 'true');
  }
  const describe = (withError) => {
    const ids = [withError ? errorId : null, helpId].filter(Boolean);
    if (ids.length) {
      input.setAttribute('aria-describedby', ids.join(' '));
    } else {
      input.removeAttribute('aria-describedby');
    }
  };
  describe(false);
  return {
    group, input,
    setError(message) {
      if (!message) {
        this.clear();
        return;
      }
      error.textContent = message;
      error.hidden = false;
      group.classList.add('has-error');
      input.setAttribute('aria-invalid', 'true');
      describe(true);
    },
    clear() {
      error.textContent = '';
      error.hidden = true;
      group.classList.remove('has-error');
      input.removeAttribute('aria-invalid');
      describe(false);
    },
    get error() {
      return error.hidden ? '' : error.textContent;
    },
  };
}

export function select(options, value) {
  const el = h('select');
  for (const option of options) {
    el.appendChild(h('option', {value: option.value,
                                disabled: option.disabled || null},
                     option.label));
  }
  if (value !== undefined) {
    el.value = value;
  }
  return el;
}

export function wholeNumber(text) {
  const value = String(text).trim();
  return /^\d+$/.test(value) ? Number(value) : NaN;
}

// A modal dialog around a form. Returns {form, body, alert, close, busy}.
export function modal({title, description, submitLabel, submitClass,
                       wide, onSubmit, cancelLabel}) {
  const root = document.getElementById('modal-root');
  const titleId = uid('modal-title');
  const previous = document.activeElement;
  const alert = h('div', {class: 'alert alert-danger', role: 'alert',
                          hidden: true});
  const body = h('div', {class: 'modal-fields'});
  const submit = submitLabel ?
    h('button', {type: 'submit',
                 class: `btn ${submitClass || 'btn-primary'}`},
      submitLabel) : null;
  const cancel = h('button', {type: 'button', class: 'btn btn-default'},
                   cancelLabel || 'Cancel');
  const closeX = h('button', {type: 'button', class: 'close',
                              'aria-label': 'Close'}, '\u00d7');
  const form = h('form', {class: 'modal-content', novalidate: true},
                 h('div', {class: 'modal-header'},
                   h('h2', {class: 'modal-title', id: titleId}, title),
                   closeX),
                 h('div', {class: `modal-body${description ? ' split' : ''}`},
                   h('div', {class: 'modal-main'}, alert, body),
                   description ? h('div', {class: 'modal-help'},
                                   description) : null),
                 h('div', {class: 'modal-footer'}, cancel, submit));
  const dialog = h('div', {class: `modal${wide ? ' modal-wide' : ''}`,
                           role: 'dialog', 'aria-modal': 'true',
                           'aria-labelledby': titleId}, form);
  const backdrop = h('div', {class: 'modal-backdrop'}, dialog);
  let closed = false;
  const self = {
    form, body, dialog, submit, cancel,
    close() {
      if (closed) {
        return;
      }
      closed = true;
      backdrop.remove();
      document.removeEventListener('keydown', onKey, true);
      if (previous && document.contains(previous)) {
        previous.focus();
      }
    },
    get closed() {
      return closed;
    },
    showError(message) {
      alert.textContent = message;
      alert.hidden = !message;
    },
    busy(on) {
      for (const button of [submit, cancel, closeX]) {
        if (button) {
          button.disabled = on;
        }
      }
      if (submit) {
        submit.classList.toggle('is-busy', on);
        submit.setAttribute('aria-busy', on ? 'true' : 'false');
      }
    },
  };
  function onKey(event) {
    if (event.key === 'Escape' && !(submit && submit.disabled)) {
      event.preventDefault();
      self.close();
    } else if (event.key === 'Tab') {
      const focusable = [...dialog.querySelectorAll(
        'button, input, select, textarea, a[href]')].filter(
        (el) => !el.disabled && !el.hidden && el.offsetParent !== null);
      if (!focusable.length) {
        return;
      }
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }
  cancel.addEventListener('click', () => self.close());
  closeX.addEventListener('click', () => self.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!onSubmit || (submit && submit.disabled)) {
      return;
    }
    self.showError('');
    await onSubmit(self);
  });
  document.addEventListener('keydown', onKey, true);
  root.appendChild(backdrop);
  return self;
}

export function focusFirst(container) {
  const target = container.querySelector(
    '[aria-invalid="true"], input:not([type=hidden]), select, button');
  if (target) {
    target.focus();
  }
}

export function toast(kind, message) {
  const region = document.getElementById('toasts');
  const close = h('button', {type: 'button', class: 'close',
                             'aria-label': 'Dismiss'}, '\u00d7');
  const label = kind === 'error' ? 'Error: ' : 'Success: ';
  const el = h('div', {class: `toast alert alert-${
    kind === 'error' ? 'danger' : 'success'}`},
               close, h('strong', {}, label), message);
  close.addEventListener('click', () => el.remove());
  region.appendChild(el);
  setTimeout(() => el.remove(), kind === 'error' ? 12000 : 6000);
}
