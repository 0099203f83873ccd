// Journeys: the list with the columns of the product (name, status, description, created by, last updated
// at/by, published on/by), search by name, sort by status, a "customize table" column chooser remembered in
// this browser, and exactly the operations each status allows (GET /api/v1/journeys, POST .../publish,
// .../duplicate, .../close, .../abort, DELETE), each after a confirmation. A journey's nodes, settings and
// dry run (GET .../simulate) open below the list; a new journey is created from its JSON document.
import {api, enc, withButton, showError, clearError} from '/ui/api.js';
import {h, fill, table, badge, when, confirmDialog} from '/ui/dom.js';

export const title = 'Journeys';

const COLUMNS = [
  ['description', 'Description'], ['created_by', 'Created by'], ['last_updated_at', 'Last updated at'],
  ['last_updated_by', 'Last updated by'], ['published_on', 'Published on'], ['published_by', 'Published by'],
];
const STORAGE_KEY = 'salesync.journeys.columns';
const STATUS_LABELS = {draft: 'Draft', live: 'Live', closed: 'Closed to new entries', aborted: 'Aborted', completed: 'Completed'};
// features.md §2: the operations of each status.
const OPERATIONS = {
  draft: ['publish', 'duplicate', 'delete'],
  live: ['duplicate', 'close', 'abort'],
  closed: ['duplicate', 'abort'],
  aborted: ['duplicate', 'delete'],
  completed: ['duplicate', 'delete'],
};
const OPERATION_TEXT = {
  publish: ['Publish', 'Publishing checks every setting against the connected systems and makes the journey live; it can no longer be edited.'],
  close: ['Close to new entries', 'Accounts already inside go on; no account can enter again. A closed journey cannot be reopened.'],
  abort: ['Abort', 'Every account stops at once. An aborted journey cannot be restarted.'],
  delete: ['Delete', 'The journey and its history are removed.'],
};

function shownColumns() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    if (Array.isArray(saved)) return new Set(saved.filter((c) => COLUMNS.some(([key]) => key === c)));
  } catch (e) { /* a damaged setting falls back to every column */ }
  return new Set(COLUMNS.map(([key]) => key));
}

// The duplicate dialog: name (default NAME_copy), description, and the type of duplication.
function duplicateDialog(journey) {
  return new Promise((resolve) => {
    const name = h('input', {id: 'duplicate-name', value: `${journey.name}_copy`, required: true, maxlength: 255});
    const description = h('input', {id: 'duplicate-description', value: journey.description || ''});
    const type = h('select', {id: 'duplicate-type'},
      h('option', {value: 'partial'}, 'Partial content (everything except authored e-mails and SMS)'),
      h('option', {value: 'without_details'}, 'Without details (nodes and paths only; waits back to 5 days)'));
    const dialog = h('dialog', {'aria-labelledby': 'duplicate-title', id: 'duplicate-dialog'},
      h('form', {method: 'dialog'},
        h('h2', {id: 'duplicate-title'}, `Duplicate ${journey.name}`),
        h('label', {for: 'duplicate-name'}, 'Name'), name,
        h('label', {for: 'duplicate-description'}, 'Description'), description,
        h('label', {for: 'duplicate-type'}, 'Type'), type,
        h('div', {class: 'actions'},
          h('button', {value: 'yes', id: 'duplicate-yes'}, 'Duplicate'),
          h('button', {value: 'no', class: 'secondary', id: 'duplicate-no', formnovalidate: true}, 'Cancel'))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes' ? {name: name.value, description: description.value, type: type.value} : null);
      dialog.remove();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

function documentTemplate() {
  return JSON.stringify({
    name: 'New journey', description: '', entry: {type: 'filter', where: {}}, start: 'n1',
    nodes: {
      n1: {type: 'action', scope: 'people', action: 'marketo_add_to_list',
        settings: {connection: 'marketo', list_id: 1001}, next: 'n2'},
      n2: {type: 'end'},
    },
  }, null, 2);
}

export async function render(container) {
  const columns = shownColumns();
  const error = h('p', {class: 'error', role: 'alert', id: 'journeys-error'});
  const note = h('p', {class: 'message', role: 'status', id: 'journeys-note'});
  const search = h('input', {id: 'journey-search', type: 'search', placeholder: 'Name contains…'});
  const sort = h('select', {id: 'journey-sort'}, h('option', {value: ''}, 'Name'), h('option', {value: 'status'}, 'Status'));
  const list = h('div', {id: 'journey-list'});
  const details = h('section', {class: 'panel', id: 'journey-details', hidden: true, 'aria-live': 'polite'});
  const chooser = h('fieldset', {id: 'column-chooser'}, h('legend', {}, 'Customize table'),
    COLUMNS.map(([key, label]) => {
      const box = h('input', {type: 'checkbox', id: `column-${key}`, checked: columns.has(key)});
      box.addEventListener('change', () => {
        if (box.checked) columns.add(key); else columns.delete(key);
        localStorage.setItem(STORAGE_KEY, JSON.stringify([...columns]));
        refresh();
      });
      return h('span', {class: 'choice'}, box, h('label', {for: `column-${key}`}, label));
    }));
  const documentField = h('textarea', {id: 'journey-document', rows: 12, spellcheck: 'false'}, documentTemplate());
  const createError = h('p', {class: 'error', role: 'alert', id: 'journey-create-error'});
  const createButton = h('button', {type: 'submit', id: 'journey-create'}, 'Create draft');
  const createForm = h('form', {id: 'journey-create-form'},
    h('label', {for: 'journey-document'}, 'Journey document (JSON; every problem is reported with its node and setting)'),
    documentField, h('div', {class: 'actions'}, createButton), createError);
  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    let body;
    try {
      body = JSON.parse(documentField.value);
    } catch (e) {
      showError(createError, `The document is not valid JSON: ${e.message}`);
      documentField.focus();
      return;
    }
    withButton(createButton, createError, async () => {
      const created = await api('POST', '/api/v1/journeys', {json: body});
      note.textContent = `Created the draft ${created.name}.`;
      await refresh();
    });
  });

  fill(container, h('h1', {}, 'Journeys'),
    h('p', {class: 'lead'}, 'Account journeys and what each status allows. Published journeys run their actions as jobs (see Jobs).'),
    h('div', {class: 'toolbar'},
      h('span', {}, h('label', {for: 'journey-search'}, 'Search by name'), search),
      h('span', {}, h('label', {for: 'journey-sort'}, 'Sort by'), sort)),
    chooser, error, note, list, details,
    h('section', {class: 'panel'}, h('h2', {}, 'Create a journey'), createForm));

  async function operate(journey, op, button, rowError) {
    if (op === 'duplicate') {
      const choice = await duplicateDialog(journey);
      if (!choice) return;
      await withButton(button, rowError, async () => {
        const copy = await api('POST', `/api/v1/journeys/${enc(journey.name)}/duplicate`, {json: choice});
        note.textContent = `Duplicated ${journey.name} as ${copy.name}.`;
        await refresh();
      });
      return;
    }
    const [label, text] = OPERATION_TEXT[op];
    if (!(await confirmDialog(`${label}: ${journey.name}?`, text, label))) return;
    await withButton(button, rowError, async () => {
      if (op === 'delete') await api('DELETE', `/api/v1/journeys/${enc(journey.name)}`);
      else await api('POST', `/api/v1/journeys/${enc(journey.name)}/${op}`);
      note.textContent = `${label}: ${journey.name} — done.`;
      await refresh();
    });
  }

  async function showJourney(name) {
    details.hidden = false;
    fill(details, h('h2', {}, name), h('p', {}, 'Loading…'));
    try {
      const journey = await api('GET', `/api/v1/journeys/${enc(name)}`);
      // A journey with problems cannot be simulated; the problems say what to fix first.
      const sim = journey.problems && journey.problems.length
        ? {error: 'A dry run needs a journey without problems: fix the settings listed above first.'}
        : await api('GET', `/api/v1/journeys/${enc(name)}/simulate`).catch((e) => ({error: e.message}));
      const nodes = Object.entries((journey.document && journey.document.nodes) || {});
      const problems = journey.problems || [];
      fill(details, h('h2', {}, `${journey.name} `, badge(STATUS_LABELS[journey.status] || journey.status, journey.status)),
        h('p', {}, journey.description || ''),
        table(['Node', 'Type', 'Action', 'Settings', 'Next'], nodes.map(([id, n]) => [
          id, n.type, n.action ? `${n.scope || ''} ${n.action}` : (n.type === 'wait' ? `${n.duration_secs} s` : ''),
          h('code', {}, JSON.stringify(n.settings || n.condition || {})),
          n.next || [n.yes, n.no].filter(Boolean).join(' / ')]), {id: 'journey-nodes'}),
        problems.length ? h('ul', {class: 'error', id: 'journey-problems'}, problems.map((p) => h('li', {}, `${p.where}: ${p.message}`))) : null,
        h('h3', {}, 'Dry run on the current store'),
        h('pre', {id: 'journey-simulation'}, sim.error ? sim.error : JSON.stringify(sim, null, 2)));
    } catch (e) {
      fill(details, h('h2', {}, name), h('p', {class: 'error', role: 'alert'}, e.message));
    }
  }

  function row(journey) {
    const rowError = h('span', {class: 'error', role: 'alert'});
    const buttons = (OPERATIONS[journey.status] || []).map((op) => {
      const label = op === 'duplicate' ? 'Duplicate' : OPERATION_TEXT[op][0];
      const b = h('button', {type: 'button', class: op === 'publish' ? '' : 'secondary',
        id: `${op}-${journey.name.replace(/[^A-Za-z0-9_-]/g, '_')}`}, label);
      b.addEventListener('click', () => operate(journey, op, b, rowError));
      return b;
    });
    const open = h('button', {type: 'button', class: 'link'}, journey.name);
    open.addEventListener('click', () => showJourney(journey.name));
    const cells = [h('td', {}, open), h('td', {}, badge(STATUS_LABELS[journey.status] || journey.status, journey.status))];
    for (const [key] of COLUMNS) {
      if (!columns.has(key)) continue;
      const value = journey[key];
      cells.push(h('td', {}, key.endsWith('_at') || key === 'published_on' ? when(value) : (value || '')));
    }
    cells.push(h('td', {}, h('div', {class: 'actions'}, buttons), rowError));
    return h('tr', {dataset: {journey: journey.name, status: journey.status}}, cells);
  }

  // Typing starts a request per keystroke: only the latest request's answer may fill the list.
  let latest = 0;
  async function refresh() {
    const mine = ++latest;
    clearError(error);
    try {
      const params = new URLSearchParams();
      if (search.value) params.set('search', search.value);
      if (sort.value) params.set('sort', sort.value);
      const {journeys} = await api('GET', `/api/v1/journeys?${params}`);
      if (mine !== latest) return;
      const headers = ['Name', 'Status', ...COLUMNS.filter(([key]) => columns.has(key)).map(([, label]) => label), 'Operations'];
      fill(list, journeys.length ? table(headers, journeys.map(row), {id: 'journeys-table'})
        : h('p', {}, search.value ? 'No journey matches the search.' : 'No journeys yet: create one below.'));
    } catch (e) {
      showError(error, e);
    }
  }

  search.addEventListener('input', refresh);
  sort.addEventListener('change', refresh);
  await refresh();
  return null;
}
