// Building DOM nodes without innerHTML: every text goes in as text, so nothing from the API can become markup.
//   h('button', {type: 'button', class: 'secondary', onclick: fn}, 'Test')

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

// Replaces the children of `el`.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// A table from header labels and rows of cells (a cell is text, a node, or {class, content}).
export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', {scope: 'col'}, label)))),
    h('tbody', {}, rows.map((row) => (row instanceof Node ? row : h('tr', {}, row.map(cell))))));
}

export function cell(c) {
  if (c && typeof c === 'object' && !(c instanceof Node) && !Array.isArray(c)) return h('td', {class: c.class}, c.content);
  return h('td', {}, c);
}

export function badge(text, kind = text) {
  return h('span', {class: `badge ${kind}`}, text);
}

// "2024-05-01T10:00:00Z" as local time; '' for nothing.
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

// Asks a yes/no question in a modal <dialog> (keyboard: Enter confirms, Escape cancels). Resolves true or false.
export function confirmDialog(title, text, confirmLabel) {
  return new Promise((resolve) => {
    const dialog = h('dialog', {'aria-labelledby': 'confirm-title', id: 'confirm-dialog'},
      h('form', {method: 'dialog'},
        h('h2', {id: 'confirm-title'}, title),
        h('p', {}, text),
        h('div', {class: 'actions'},
          h('button', {value: 'yes', id: 'confirm-yes'}, confirmLabel),
          h('button', {value: 'no', class: 'secondary', id: 'confirm-no'}, 'Cancel'))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

// For pages that rebuild part of themselves while polling: true while a pointer is pressed inside `el`, so that
// a rebuild never swaps a button between its mousedown and its click.
export function pressedWithin(el) {
  let pressed = false;
  el.addEventListener('pointerdown', () => { pressed = true; });
  document.addEventListener('pointerup', () => setTimeout(() => { pressed = false; }, 0));
  document.addEventListener('pointercancel', () => { pressed = false; });
  return () => pressed;
}
