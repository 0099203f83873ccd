// Connections: each configured connection's state, token expiry and last successful call; Connect (the
// browser flow goes to the provider's consent page and comes back through the daemon's /oauth/callback),
// Test, Disconnect, and manual credentials when the automatic connect cannot work.
import {api, enc, withButton} from '/ui/api.js';
import {h, fill, table, badge, when, confirmDialog} from '/ui/dom.js';

export const title = 'Connections';

// Connects `c` (an entry of GET /api/v1/connections): authorization_code leaves the page for the provider's
// consent page; other flows connect at once. Resolves to a sentence.
export async function connect(c) {
  if (c.flow === 'authorization_code') {
    const start = await api('POST', `/api/v1/connections/${enc(c.name)}/authorize`);
    window.location.assign(start.authorize_url);
    return 'Opening the sign-in page...';
  }
  if (c.flow === 'manual') throw new Error('This connection takes pasted credentials: use the form below.');
  await api('POST', `/api/v1/connections/${enc(c.name)}/connect`);
  return `Connected ${c.name}.`;
}

export async function listConnections() {
  return (await api('GET', '/api/v1/connections')).connections;
}

export async function render(container) {
  const error = h('p', {class: 'error', role: 'alert', id: 'connections-error'});
  const list = h('div', {id: 'connections-table'});
  const manual = h('div', {id: 'manual'});
  fill(container,
    h('h1', {}, 'Connections'),
    h('p', {class: 'lead'}, 'The systems salesync talks to, as configured in the connections section of the configuration file.'),
    error, list, manual);

  const notes = {};  // the last sentence per connection, kept across re-renders
  async function refresh() {
    let connections;
    try {
      connections = await listConnections();
    } catch (e) {
      error.textContent = e.message;
      return;
    }
    error.textContent = '';
    renderTable(connections);
    if (!manual.hasChildNodes()) renderManual(connections);
  }

  function renderTable(connections) {
    const rows = connections.map((c) => {
      const note = h('p', {class: 'message', role: 'status', id: `note-${c.name}`}, notes[c.name] || '');
      const say = (text) => { notes[c.name] = text; note.textContent = text; };
      const rowError = h('p', {class: 'error', role: 'alert', id: `error-${c.name}`});
      const connectButton = h('button', {type: 'button', id: `connect-${c.name}`,
        onclick: () => withButton(connectButton, rowError, async () => {
          say(await connect(c));
          if (c.flow !== 'authorization_code') await refresh();
        })}, c.state === 'connected' ? 'Reconnect' : 'Connect');
      const testButton = h('button', {type: 'button', class: 'secondary', id: `test-${c.name}`,
        onclick: () => withButton(testButton, rowError, async () => {
          say('');
          const r = await api('POST', `/api/v1/connections/${enc(c.name)}/test`);
          say(r.message);
          await refresh();
        })}, 'Test');
      const disconnectButton = h('button', {type: 'button', class: 'danger', id: `disconnect-${c.name}`,
        onclick: async () => {
          if (!(await confirmDialog(`Disconnect ${c.name}?`,
            'The token is revoked at the provider and deleted here; syncs through this connection pause until it is connected again.',
            'Disconnect'))) return;
          await withButton(disconnectButton, rowError, async () => {
            const r = await api('DELETE', `/api/v1/connections/${enc(c.name)}`);
            say(r.message);
            await refresh();
          });
        }}, 'Disconnect');
      return h('tr', {id: `connection-${c.name}`, dataset: {state: c.state}},
        h('td', {}, h('strong', {}, c.name), h('br'), h('span', {class: 'muted'}, `${c.type}, ${c.flow}`)),
        h('td', {}, badge(c.state.replace('_', ' '), c.state)),
        h('td', {}, when(c.token_expires_at) || h('span', {class: 'muted'}, '—')),
        h('td', {}, when(c.last_success_at) || h('span', {class: 'muted'}, 'never'),
          c.last_error ? h('span', {class: 'reason'}, c.last_error) : null),
        h('td', {}, h('div', {class: 'actions'}, connectButton, testButton,
          c.state === 'not_connected' ? null : disconnectButton), note, rowError));
    });
    fill(list, connections.length === 0
      ? h('p', {}, 'No connections are configured yet: add them to the configuration file and reload salesyncd.')
      : table(['Connection', 'State', 'Token expires', 'Last successful call', 'Actions'], rows, {id: 'connections'}));
  }

  function renderManual(connections) {
    if (connections.length === 0) return;
    const field = (id, label, type = 'text', hint = '') => [
      h('label', {for: id}, label),
      h('input', {id, name: id, type, autocomplete: 'off', spellcheck: 'false'}),
      hint ? h('span', {class: 'muted'}, hint) : null];
    const formError = h('p', {class: 'error', role: 'alert', id: 'manual-error'});
    const formNote = h('p', {class: 'message', role: 'status', id: 'manual-note'});
    const submit = h('button', {type: 'submit'}, 'Save credentials');
    const form = h('form', {class: 'stack', id: 'manual-form'},
      h('label', {for: 'manual-connection'}, 'Connection'),
      h('select', {id: 'manual-connection', name: 'connection'},
        connections.map((c) => h('option', {value: c.name}, `${c.name} (${c.type})`))),
      field('client_id', 'Client id'),
      field('client_secret', 'Client secret', 'password'),
      field('access_token', 'Access token', 'password'),
      field('refresh_token', 'Refresh token', 'password', 'Optional; without it the token cannot be renewed.'),
      field('instance_url', 'Instance URL', 'url', 'Salesforce only, e.g. https://yourorg.my.salesforce.com'),
      h('div', {class: 'actions'}, submit), formNote, formError);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      withButton(submit, formError, async () => {
        formNote.textContent = '';
        const body = {};
        for (const key of ['client_id', 'client_secret', 'access_token', 'refresh_token', 'instance_url']) {
          const v = form.elements[key].value.trim();
          if (v) body[key] = v;
        }
        const name = form.elements.connection.value;
        await api('POST', `/api/v1/connections/${enc(name)}/manual`, {json: body});
        for (const key of ['client_secret', 'access_token', 'refresh_token']) form.elements[key].value = '';
        formNote.textContent = `Connected ${name} with the pasted credentials.`;
        await refresh();
      });
    });
    fill(manual,
      h('h2', {}, 'Manual credentials'),
      h('p', {class: 'lead'}, 'When the automatic connect fails (for example Marketo behind a proxy), paste the credentials here. They are sealed in the token vault and never shown again.'),
      form);
  }

  await refresh();
}
