// Invites: upload a CSV, check the inferred column mapping (a drop-down per column corrects it), see the
// first rows and every row problem, Invite, then the confirmation and the report. One-by-one invitations,
// users and teams beside it.
import {api, showError, withButton} from '/ui/api.js';
import {h, fill, table, badge, confirmDialog} from '/ui/dom.js';

export const title = 'Invites';

const kFields = [
  ['email', 'E-mail'], ['first_name', 'First name'], ['last_name', 'Last name'], ['full_name', 'Full name'],
  ['role', 'Role'], ['team', 'Team'], ['ignore', 'Ignore this column'],
];

// The header line's cells, for naming columns when the server cannot preview the file: UTF-8 (a BOM is
// dropped), split on whichever of ; , tab | occurs most. Quoted headers lose their quotes.
function headerLine(bytes) {
  const text = new TextDecoder('utf-8').decode(bytes.slice(0, 4096)).replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/)[0] || '';
  const delimiter = [';', ',', '\t', '|'].reduce((best, d) => (line.split(d).length > line.split(best).length ? d : best), ',');
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

export async function render(container) {
  const fileInput = h('input', {type: 'file', id: 'csv-file', accept: '.csv,.txt,text/csv'});
  const teamSelect = h('select', {id: 'invite-team'}, h('option', {value: ''}, '(only Everyone)'));
  const uploadError = h('p', {class: 'error', role: 'alert', id: 'upload-error'});
  const previewArea = h('div', {id: 'invite-preview'});
  const reportArea = h('div', {id: 'invite-report'});
  const people = h('div', {id: 'people'});
  const emailsInput = h('textarea', {id: 'invite-emails', rows: 3, placeholder: 'ann@example.com, bo@example.com'});
  const emailsButton = h('button', {type: 'submit', id: 'invite-emails-button'}, 'Invite');
  const emailsError = h('p', {class: 'error', role: 'alert', id: 'invite-emails-error'});
  const emailsNote = h('p', {class: 'message', role: 'status', id: 'invite-emails-note'});
  const emailsForm = h('form', {class: 'stack', id: 'invite-emails-form'},
    h('label', {for: 'invite-emails'}, 'E-mail addresses (comma, space or one per line)'), emailsInput,
    h('div', {class: 'actions'}, emailsButton), emailsNote, emailsError);

  fill(container, h('h1', {}, 'Invites'),
    h('div', {class: 'columns'},
      h('div', {},
        h('h2', {}, 'Invite from a CSV file'),
        h('p', {class: 'lead'}, 'Any encoding and delimiter; the header line names the columns. Check the mapping of each column before you invite.'),
        h('form', {class: 'stack', id: 'csv-form'},
          h('label', {for: 'csv-file'}, 'CSV file'), fileInput,
          h('label', {for: 'invite-team'}, 'Also add everyone to team'), teamSelect),
        uploadError, previewArea, reportArea,
        h('h2', {}, 'Invite one by one'), emailsForm),
      h('div', {}, people)));

  let csvBytes = null;
  let overrides = new Map();  // column number -> field chosen by the admin

  function query() {
    const q = new URLSearchParams();
    for (const [column, field] of overrides) q.append('map', `${column}=${field}`);
    if (teamSelect.value) q.append('team', teamSelect.value);
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  async function preview() {
    if (!csvBytes) return;
    reportArea.replaceChildren();
    uploadError.textContent = '';
    try {
      renderPreview(await api('POST', `/api/v1/invites/preview${query()}`, {body: csvBytes, contentType: 'text/csv'}));
    } catch (e) {
      // Without an e-mail column the file cannot be previewed; show its columns so the admin can name it.
      const headers = headerLine(csvBytes);
      if (e.status === 400 && /e-mail/.test(e.message) && headers.length > 0) {
        renderUnmapped(headers, e.message);
      } else {
        previewArea.replaceChildren();
        showError(uploadError, e);
      }
    }
  }

  function mappingTable(mapping) {
    const rows = mapping.map((m) => {
      const id = `map-column-${m.column}`;
      const select = h('select', {id, dataset: {column: m.column}, 'aria-describedby': `${id}-note`},
        kFields.map(([value, label]) => h('option', {value, selected: value === m.field}, label)));
      select.addEventListener('change', () => {
        overrides.set(m.column, select.value);
        preview();
      });
      return h('tr', {dataset: {column: m.column, field: m.field}},
        h('td', {class: 'num'}, String(m.column)),
        h('td', {}, h('label', {for: id}, m.header || `(column ${m.column})`)),
        h('td', {}, select),
        h('td', {id: `${id}-note`}, badge(m.source.replace('_', ' '), m.source === 'override' ? 'ok' : m.source),
          m.note ? ` ${m.note}` : ''));
    });
    return table(['#', 'Column', 'Maps to', 'How it was decided'], rows, {id: 'column-mapping'});
  }

  function renderUnmapped(headers, message) {
    const mapping = headers.map((header, i) => ({column: i + 1, header, field: overrides.get(i + 1) || 'ignore',
      source: overrides.has(i + 1) ? 'override' : 'not_recognised', note: ''}));
    fill(previewArea,
      h('h3', {}, 'Column mapping'),
      mappingTable(mapping),
      h('p', {class: 'error', role: 'alert', id: 'column-mapping-error'}, message,
        ' Choose "E-mail" for the column that holds the addresses.'));
  }

  function renderPreview(p) {
    const sampleRows = p.sample.map((r) => [String(r.row), r.email, r.first_name, r.last_name, r.role,
      r.teams.join(', '), r.action]);
    const problemRows = p.problems.map((x) => h('tr', {class: 'status-error'},
      h('td', {class: 'num'}, String(x.row)), h('td', {}, x.kind), h('td', {}, x.email), h('td', {}, x.message)));
    const inviteButton = h('button', {type: 'button', id: 'invite-button', disabled: p.importable_rows === 0},
      `Invite ${p.importable_rows} ${p.importable_rows === 1 ? 'person' : 'people'}`);
    const inviteError = h('p', {class: 'error', role: 'alert', id: 'invite-error'});
    inviteButton.addEventListener('click', async () => {
      const ok = await confirmDialog('Send the invitations?',
        `${p.importable_rows} rows will be invited by e-mail and join the team Everyone` +
        `${teamSelect.value ? ` and ${teamSelect.value}` : ''}; ${p.skipped_rows} rows are skipped. ` +
        'People already invited are not invited twice.', 'Invite');
      if (!ok) return;
      await withButton(inviteButton, inviteError, async () => {
        const report = await api('POST', `/api/v1/invites${query()}`, {body: csvBytes, contentType: 'text/csv'});
        renderReport(report);
        await loadPeople();
      });
    });
    fill(previewArea,
      h('p', {id: 'csv-summary'}, `${p.data_rows} rows (${p.encoding}, delimiter "${p.delimiter}"): `,
        `${p.importable_rows} can be invited, ${p.skipped_rows} skipped.`),
      h('h3', {}, 'Column mapping'),
      mappingTable(p.mapping),
      h('h3', {}, 'First rows'),
      table(['Row', 'E-mail', 'First name', 'Last name', 'Role', 'Teams', 'Action'], sampleRows, {id: 'csv-sample'}),
      h('h3', {}, `Row problems (${p.problems.length + p.problems_not_listed})`),
      p.problems.length ? table(['Row', 'Problem', 'E-mail', 'What to do'], problemRows, {id: 'csv-problems'})
        : h('p', {id: 'csv-problems'}, 'None.'),
      p.problems_not_listed ? h('p', {class: 'muted'}, `${p.problems_not_listed} more problems are not listed.`) : null,
      h('div', {class: 'actions'}, inviteButton), inviteError);
  }

  function renderReport(report) {
    previewArea.replaceChildren();
    const rows = report.entries.map((e) => h('tr', {class: e.outcome === 'failed' ? 'status-error' : ''},
      h('td', {class: 'num'}, e.row ? String(e.row) : ''), h('td', {}, e.email, e.owner ? ' (owner)' : ''),
      h('td', {}, badge(e.outcome, e.outcome === 'failed' ? 'failed' : e.outcome === 'skipped' ? 'pending' : 'ok')),
      h('td', {}, e.reason)));
    fill(reportArea,
      h('p', {class: 'report', role: 'status', id: 'invite-confirmation'}, report.confirmation),
      h('h3', {}, 'Report'),
      table(['Row', 'E-mail', 'Outcome', 'Reason'], rows, {id: 'invite-report-table'}),
      report.entries_not_listed ? h('p', {class: 'muted'}, `${report.entries_not_listed} more rows are not listed.`) : null);
  }

  async function loadPeople() {
    try {
      const [users, teams] = await Promise.all([api('GET', '/api/v1/users'), api('GET', '/api/v1/teams')]);
      const chosen = teamSelect.value;
      fill(teamSelect, h('option', {value: ''}, '(only Everyone)'),
        teams.teams.filter((t) => t.name !== 'Everyone').map((t) => h('option', {value: t.name, selected: t.name === chosen}, t.name)));
      const userRows = users.users.map((u) => [
        h('span', {}, u.email, u.owner ? ' ' : '', u.owner ? badge('owner', 'ok') : null),
        [u.first_name, u.last_name].filter(Boolean).join(' '), u.role, badge(u.state, u.state === 'active' ? 'ok' : u.state === 'disabled' ? 'failed' : 'pending'),
        u.teams.join(', ')]);
      fill(people,
        h('h2', {}, `Users (${users.users.length})`),
        users.users.length ? table(['E-mail', 'Name', 'Role', 'State', 'Teams'], userRows, {id: 'users'})
          : h('p', {id: 'users'}, 'Nobody yet: the first person invited becomes the owner.'),
        h('h2', {}, `Teams (${teams.teams.length})`),
        table(['Team', 'Members'], teams.teams.map((t) => [t.name, {class: 'num', content: String(t.members)}]), {id: 'teams'}));
    } catch (e) {
      fill(people, h('p', {class: 'error', role: 'alert'}, e.message));
    }
  }

  fileInput.addEventListener('change', async () => {
    overrides = new Map();
    const file = fileInput.files[0];
    csvBytes = file ? await file.arrayBuffer() : null;
    if (csvBytes) await preview();
    else previewArea.replaceChildren();
  });
  teamSelect.addEventListener('change', preview);
  emailsForm.addEventListener('submit', (event) => {
    event.preventDefault();
    withButton(emailsButton, emailsError, async () => {
      emailsNote.textContent = '';
      const emails = emailsInput.value.split(/[\s,;]+/).filter(Boolean);
      if (!emails.length) throw new Error('Enter at least one e-mail address.');
      const body = {emails};
      if (teamSelect.value) body.teams = [teamSelect.value];
      const report = await api('POST', '/api/v1/invites/emails', {json: body});
      emailsNote.textContent = report.confirmation;
      const failed = report.entries.filter((e) => e.outcome === 'failed');
      if (failed.length) emailsError.textContent = failed.map((e) => `${e.email}: ${e.reason}`).join(' ');
      else emailsInput.value = '';
      await loadPeople();
    });
  });
  await loadPeople();
}
