// Setup: the admin pipeline of features.md §1 as a checklist, each step with its live status (refreshed
// every 3 s) and the button that does it: workspace and owner, connect Salesforce, connect Marketo, preview
// fields and start sync, invite users.
import {api, withButton} from '/ui/api.js';
import {h, fill, badge, pressedWithin} from '/ui/dom.js';
import {connect} from '/ui/connections.js';

export const title = 'Setup';

async function settled(path) {
  try {
    return {ok: true, value: await api('GET', path)};
  } catch (e) {
    return {ok: false, error: e.message};
  }
}

export async function render(container) {
  const list = h('ol', {class: 'checklist', id: 'checklist'});
  fill(container, h('h1', {}, 'Set up salesync'),
    h('p', {class: 'lead'}, 'From an empty install to people synced and a team invited. Each step shows where it stands.'),
    list);
  const notes = {};
  const errors = {};
  const inputs = {owner: ''};

  function step(id, done, titleText, status, body) {
    return h('li', {id: `step-${id}`, class: done ? 'done' : '', dataset: {done: done ? 'yes' : 'no'}},
      h('span', {class: 'step-title'}, titleText),
      h('span', {}, done ? badge('done') : badge('to do', 'pending')),
      h('span', {class: 'step-status', id: `step-${id}-status`}, status),
      h('div', {class: 'step-body'}, body,
        h('p', {class: 'message', role: 'status'}, notes[id] || ''),
        h('p', {class: 'error', role: 'alert', id: `step-${id}-error`}, errors[id] || '')));
  }

  // The button that does a step: runs `action`, keeps its sentence or error across refreshes.
  function doButton(id, label, action, attrs = {}) {
    const b = h('button', {type: 'button', id: `step-${id}-button`, ...attrs}, label);
    b.addEventListener('click', async () => {
      const errorTarget = document.getElementById(`step-${id}-error`);
      delete errors[id];
      const said = await withButton(b, errorTarget, action);
      if (errorTarget.textContent) errors[id] = errorTarget.textContent;
      if (said) notes[id] = said;
      await refresh();
    });
    return b;
  }

  function ownerStep(users) {
    if (!users.ok) return step('owner', false, 'Workspace and owner', users.error, null);
    const owner = users.value.users.find((u) => u.owner);
    if (owner) {
      return step('owner', true, 'Workspace and owner',
        `The workspace exists; its owner is ${owner.email} (${owner.state}). The owner cannot be deleted while a sync acts for it.`, null);
    }
    const input = h('input', {id: 'owner-email', type: 'email', autocomplete: 'email', value: inputs.owner,
      oninput: (e) => { inputs.owner = e.target.value; }});
    const button = doButton('owner', 'Create the workspace', async () => {
      const email = inputs.owner.trim();
      if (!email) throw new Error('Enter the owner\u2019s e-mail address.');
      const report = await api('POST', '/api/v1/invites/emails', {json: {emails: [email]}});
      const failed = report.entries.find((e) => e.outcome === 'failed');
      if (failed) throw new Error(`${failed.email}: ${failed.reason}`);
      inputs.owner = '';
      return report.confirmation;
    });
    return step('owner', false, 'Workspace and owner',
      'No workspace yet: the first person invited becomes its owner.',
      h('div', {class: 'actions'}, h('label', {for: 'owner-email'}, 'Owner\u2019s e-mail'), input, button));
  }

  function connectionStep(id, type, label, connections) {
    if (!connections.ok) return step(id, false, `Connect ${label}`, connections.error, null);
    const list = connections.value.connections.filter((c) => c.type === type);
    if (list.length === 0) {
      return step(id, false, `Connect ${label}`,
        `No ${label} connection is configured: add one to the connections section of the configuration file.`, null);
    }
    const done = list.every((c) => c.state === 'connected');
    const status = list.map((c) => `${c.name}: ${c.state.replace('_', ' ')}${c.last_error ? ` (${c.last_error})` : ''}`).join('; ');
    const buttons = list.filter((c) => c.state !== 'connected' && c.flow !== 'manual')
      .map((c) => doButton(`${id}`, `Connect ${c.name}`, () => connect(c), {id: `step-${id}-connect-${c.name}`}));
    return step(id, done, `Connect ${label}`, status,
      h('div', {class: 'actions'}, buttons, h('a', {href: '#/connections'}, 'Connections page (test, manual credentials)')));
  }

  function syncStep(syncs, mappings) {
    if (!syncs.ok) return step('sync', false, 'Preview fields and start sync', syncs.error, null);
    const all = syncs.value.syncs;
    if (all.length === 0) {
      return step('sync', false, 'Preview fields and start sync',
        'No syncs are configured: add them to the syncs section of the configuration file.', null);
    }
    const started = all.filter((s) => s.started);
    const status = all.map((s) => `${s.name}: ${s.started ? (s.running ? 'running' : `started, ${s.runs_completed} runs`) : 'not started'}`).join('; ');
    const firstMapping = mappings.ok && mappings.value.mappings.length ? mappings.value.mappings[0].name : null;
    return step('sync', started.length === all.length, 'Preview fields and start sync', status,
      h('div', {class: 'actions'},
        firstMapping ? h('a', {class: 'button', href: '#/mapping', id: 'step-sync-preview'}, 'Preview fields') : null,
        h('a', {class: firstMapping ? 'button secondary' : 'button', href: '#/sync', id: 'step-sync-open'}, 'Start syncs')));
  }

  function inviteStep(users) {
    if (!users.ok) return step('invite', false, 'Invite users', users.error, null);
    const n = users.value.users.length;
    return step('invite', n > 1, 'Invite users',
      n > 1 ? `${n} users; new members join the team Everyone.` : 'Invite the sales team one by one or from a CSV file.',
      h('div', {class: 'actions'}, h('a', {class: 'button', href: '#/invites', id: 'step-invite-open'}, 'Invite users')));
  }

  let busy = false;
  const pressed = pressedWithin(list);
  async function refresh() {
    // Never rebuild the list under someone typing into it.
    if (busy || pressed() || (list.contains(document.activeElement) && document.activeElement.tagName === 'INPUT')) return;
    busy = true;
    try {
      const [users, connections, syncs, mappings] = await Promise.all([
        settled('/api/v1/users'), settled('/api/v1/connections'), settled('/api/v1/syncs'), settled('/api/v1/mappings')]);
      const focused = document.activeElement && document.activeElement.id;
      fill(list, ownerStep(users),
        connectionStep('salesforce', 'salesforce', 'Salesforce', connections),
        connectionStep('marketo', 'marketo', 'Marketo', connections),
        syncStep(syncs, mappings), inviteStep(users));
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    } finally {
      busy = false;
    }
  }

  await refresh();
  const timer = setInterval(refresh, 3000);
  return () => clearInterval(timer);
}
