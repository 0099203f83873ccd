// Jobs: the durable jobs that journey actions became (GET /api/v1/jobs?state=), filtered by state and action,
// each with its details and the provider's answer (GET /api/v1/jobs/ID), Retry and Cancel after a
// confirmation (POST /api/v1/jobs/ID/retry, .../cancel). The list refreshes every 2 seconds.
import {api, withButton, showError, clearError} from '/ui/api.js';
import {h, fill, table, badge, confirmDialog, pressedWithin} from '/ui/dom.js';

export const title = 'Jobs';

const STATES = ['queued', 'in_flight', 'reconciling', 'done', 'dead', 'paused', 'cancelled'];

export async function render(container) {
  const error = h('p', {class: 'error', role: 'alert', id: 'jobs-error'});
  const note = h('p', {class: 'message', role: 'status', id: 'jobs-note'});
  const state = h('select', {id: 'job-state'}, h('option', {value: ''}, 'Any state'),
    STATES.map((s) => h('option', {value: s}, s.replace('_', ' '))));
  const action = h('select', {id: 'job-action'}, h('option', {value: ''}, 'Any action'));
  const list = h('div', {id: 'job-list'});
  const details = h('section', {class: 'panel', id: 'job-details', hidden: true, 'aria-live': 'polite'});
  fill(container, h('h1', {}, 'Jobs'),
    h('p', {class: 'lead'}, 'Every action a journey took, as a job: its state, attempts and the provider\'s answer.'),
    h('div', {class: 'toolbar'},
      h('span', {}, h('label', {for: 'job-state'}, 'State'), state),
      h('span', {}, h('label', {for: 'job-action'}, 'Action'), action)),
    error, note, list, details);

  async function show(id) {
    details.hidden = false;
    try {
      const job = await api('GET', `/api/v1/jobs/${id}`);
      fill(details, h('h2', {}, `Job ${job.id} `, badge(job.state)), h('pre', {id: 'job-detail'}, JSON.stringify(job, null, 2)));
    } catch (e) {
      fill(details, h('p', {class: 'error', role: 'alert'}, e.message));
    }
  }

  async function act(job, op, button, rowError) {
    const label = op === 'retry' ? 'Retry' : 'Cancel job';
    const text = op === 'retry' ? 'The job is queued again and runs on the next pass.' : 'The job will not run; its person or account moves on.';
    if (!(await confirmDialog(`${label} ${job.id}?`, text, label))) return;
    await withButton(button, rowError, async () => {
      const after = await api('POST', `/api/v1/jobs/${job.id}/${op}`);
      note.textContent = `Job ${after.id} is now ${after.state}.`;
      await refresh();
    });
  }

  function row(job) {
    const rowError = h('span', {class: 'error', role: 'alert'});
    const open = h('button', {type: 'button', class: 'link', id: `job-open-${job.id}`}, String(job.id));
    open.addEventListener('click', () => show(job.id));
    const buttons = [];
    if (['dead', 'paused', 'cancelled'].includes(job.state)) {
      const b = h('button', {type: 'button', class: 'secondary', id: `job-retry-${job.id}`}, 'Retry');
      b.addEventListener('click', () => act(job, 'retry', b, rowError));
      buttons.push(b);
    }
    if (['queued', 'paused', 'dead'].includes(job.state)) {
      const b = h('button', {type: 'button', class: 'secondary', id: `job-cancel-${job.id}`}, 'Cancel');
      b.addEventListener('click', () => act(job, 'cancel', b, rowError));
      buttons.push(b);
    }
    return h('tr', {dataset: {job: job.id, state: job.state}},
      h('td', {}, open), h('td', {}, job.journey), h('td', {}, job.node), h('td', {}, job.action),
      h('td', {}, job.connection || ''), h('td', {}, job.subject), h('td', {}, badge(job.state)),
      h('td', {class: 'num'}, String(job.attempts)), h('td', {}, job.last_error || job.outcome || ''),
      h('td', {}, h('div', {class: 'actions'}, buttons), rowError));
  }

  const pressed = pressedWithin(list);
  let busy = false;
  async function refresh() {
    if (busy || pressed() || document.querySelector('dialog[open]')) return;
    busy = true;
    clearError(error);
    try {
      const {jobs} = await api('GET', `/api/v1/jobs${state.value ? `?state=${state.value}` : ''}`);
      const actions = [...new Set(jobs.map((j) => j.action))].sort();
      const chosen = action.value;
      fill(action, h('option', {value: ''}, 'Any action'), actions.map((a) => h('option', {value: a, selected: a === chosen}, a)));
      const shown = chosen ? jobs.filter((j) => j.action === chosen) : jobs;
      fill(list, shown.length
        ? table(['Job', 'Journey', 'Node', 'Action', 'Connection', 'Subject', 'State', 'Attempts', 'Last answer', ''],
          shown.map(row), {id: 'jobs-table'})
        : h('p', {}, 'No jobs match.'));
    } catch (e) {
      showError(error, e);
    } finally {
      busy = false;
    }
  }

  state.addEventListener('change', refresh);
  action.addEventListener('change', refresh);
  await refresh();
  const timer = setInterval(refresh, 2000);
  return () => clearInterval(timer);
}
