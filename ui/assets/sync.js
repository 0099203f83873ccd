// Sync: every configured sync with per-stream progress, updated live by polling GET /api/v1/syncs each
// second: records read and stored, rate, calls, ETA, the connection's rate budget, the last error; Start
// (syncs without a mapping; a sync with one starts from its preview) and Run now.
import {api, enc, withButton} from '/ui/api.js';
import {h, fill, table, badge, pressedWithin} from '/ui/dom.js';

export const title = 'Sync';

function streamRows(sync) {
  const streams = sync.streams || {};
  const names = sync.stream_names && sync.stream_names.length ? sync.stream_names : Object.keys(streams);
  return names.map((name) => {
    const s = streams[name] || {};
    const state = s.state || 'idle';
    const progress = s.total ? h('progress', {max: s.total, value: Math.min(s.records_read || 0, s.total),
      'aria-label': `${name} progress`}) : null;
    return h('tr', {id: `stream-${sync.name}-${name}`, dataset: {state}},
      h('td', {}, name),
      h('td', {}, badge(state)),
      h('td', {class: 'num'}, String(s.records_read ?? 0), s.total ? ` / ${s.total}` : '', ' ', progress),
      h('td', {class: 'num'}, String(s.records_stored ?? 0)),
      h('td', {class: 'num'}, s.records_per_sec !== undefined ? `${s.records_per_sec}/s` : '—'),
      h('td', {class: 'num'}, String(s.calls ?? 0)),
      h('td', {class: 'num'}, s.eta_secs !== undefined && state === 'running' ? `${s.eta_secs} s` : '—'),
      h('td', {}, s.records_total !== undefined ? `${s.records_total} in store` : '',
        s.detail ? h('span', {class: 'source-value'}, s.detail) : null,
        s.last_error ? h('span', {class: 'reason'}, s.last_error) : null));
  });
}

function budgetText(b) {
  if (!b) return '—';
  const parts = [];
  if (b.window_calls) parts.push(`${b.in_window}/${b.window_calls} calls in the last ${b.window_secs} s`);
  parts.push(`${b.in_flight} in flight`);
  if (b.daily_max) parts.push(`${b.daily_used}/${b.daily_max} of the daily API allowance`);
  return parts.join(', ');
}

function overallState(sync) {
  if (sync.running) return 'running';
  const states = Object.values(sync.streams || {}).map((s) => s.state);
  if (states.includes('failed')) return 'failed';
  if (sync.blocked) return 'paused';
  if (states.length && states.every((s) => s === 'done')) return 'done';
  return sync.started ? 'idle' : 'not started';
}

export async function render(container) {
  const error = h('p', {class: 'error', role: 'alert', id: 'sync-error'});
  const list = h('div', {id: 'sync-list'});
  fill(container, h('h1', {}, 'Sync'),
    h('p', {class: 'lead'}, 'Progress of every sync, live. A sync with a mapping starts from its preview on the Mapping preview page.'),
    error, list);
  const notes = {};
  const errors = {};
  let busy = false;
  const pressed = pressedWithin(list);

  function card(sync) {
    const note = h('p', {class: 'message', role: 'status'}, notes[sync.name] || '');
    const cardError = h('p', {class: 'error', role: 'alert'}, errors[sync.name] || '');
    const act = (button, path, body) => withButton(button, cardError, async () => {
      const r = await api('POST', `/api/v1/syncs/${enc(sync.name)}/${path}`, body ? {json: body} : {});
      notes[sync.name] = r.message;
      delete errors[sync.name];
      await refresh();
    }).then(() => { if (cardError.textContent) errors[sync.name] = cardError.textContent; });
    let action = null;
    if (!sync.started && sync.mapping) {
      action = h('a', {class: 'button', href: `#/mapping?name=${enc(sync.mapping)}`, id: `preview-${sync.name}`},
        'Preview fields and start');
    } else if (!sync.started) {
      const b = h('button', {type: 'button', id: `start-${sync.name}`}, 'Start');
      b.addEventListener('click', () => act(b, 'start'));
      action = b;
    } else {
      const b = h('button', {type: 'button', class: 'secondary', id: `run-${sync.name}`, disabled: sync.running}, 'Run now');
      b.addEventListener('click', () => act(b, 'run'));
      action = b;
    }
    const state = overallState(sync);
    const writeback = sync.writeback ? h('p', {}, `Write-back to ${sync.writeback.connection} ${sync.writeback.object}: `,
      `${sync.writeback.done ?? 0} done, ${sync.writeback.pending ?? 0} pending, `,
      `${sync.writeback.waiting_for_target ?? 0} waiting for their target, ${sync.writeback.failed ?? 0} failed.`) : null;
    return h('section', {class: 'panel', id: `sync-${sync.name}`, dataset: {state, runs: sync.runs_completed},
      'aria-labelledby': `sync-title-${sync.name}`},
      h('h2', {id: `sync-title-${sync.name}`}, sync.name, ' ', badge(state, state.replace(' ', '_'))),
      h('p', {class: 'muted'}, `Connection ${sync.connection || (sync.writeback ? sync.writeback.connection : '')}; `,
        `every ${sync.interval_secs} s; ${sync.runs_completed} runs completed`,
        sync.next_run_in_secs !== undefined && sync.started ? `; next run in ${sync.next_run_in_secs} s` : '',
        sync.mapping ? `; mapping ${sync.mapping}` : '', '.'),
      sync.blocked ? h('p', {class: 'error'}, sync.blocked) : null,
      h('p', {}, h('strong', {}, 'Rate budget: '), budgetText(sync.budget)),
      writeback,
      (sync.stream_names || []).length || Object.keys(sync.streams || {}).length
        ? table(['Stream', 'State', 'Read', 'Stored', 'Rate', 'Calls', 'ETA', 'Store, last error'], streamRows(sync)) : null,
      h('div', {class: 'actions'}, action), note, cardError);
  }

  async function refresh() {
    if (busy || pressed()) return;
    busy = true;
    try {
      const syncs = (await api('GET', '/api/v1/syncs')).syncs;
      error.textContent = '';
      const focused = document.activeElement && document.activeElement.id;
      fill(list, syncs.length ? syncs.map(card)
        : h('p', {}, 'No syncs are configured (the syncs section of the configuration file).'));
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      busy = false;
    }
  }

  await refresh();
  const timer = setInterval(refresh, 1000);
  return () => clearInterval(timer);
}
