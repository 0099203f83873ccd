// Mapping preview: the field table checked against both systems' describe and sample records with the
// source value beside the mapped one, every problem cell highlighted with its reason; then Start Sync, which
// sends the previewed version as the accepted one (the sync runs only while the mapping stays at it).
import {api, enc, withButton} from '/ui/api.js';
import {h, fill, table, badge, confirmDialog} from '/ui/dom.js';

export const title = 'Mapping preview';

function show(v) {
  return v === null || v === undefined ? h('span', {class: 'muted'}, '(empty)') : String(v);
}

function fieldTable(preview) {
  const rows = preview.fields.map((f) => h('tr', {class: `status-${f.status}`},
    h('td', {}, f.source.join(', ')), h('td', {}, f.source_type),
    h('td', {}, f.target), h('td', {}, f.target_type),
    h('td', {}, f.transforms),
    h('td', {class: `status-${f.status}`}, badge(f.status),
      f.reasons.map((r) => h('span', {class: 'reason'}, r)))));
  return table(['Source field', 'Type', 'Target field', 'Type', 'Transforms', 'Check'], rows, {id: 'mapping-fields'});
}

function sampleTable(preview) {
  const targets = preview.fields.map((f) => f.target);
  const rows = preview.samples.map((s) => h('tr', {dataset: {status: s.status}},
    h('td', {}, s.id, h('br'), badge(s.status)),
    s.cells.map((c) => h('td', {class: `cell-${c.status}`, dataset: {status: c.status}},
      show(c.mapped),
      c.status !== 'ok' ? h('span', {class: 'source-value'}, 'from ', show(c.source)) : null,
      c.reason ? h('span', {class: 'reason'}, c.reason) : null))));
  return table(['Record', ...targets], rows, {id: 'mapping-samples'});
}

export async function render(container) {
  const error = h('p', {class: 'error', role: 'alert', id: 'mapping-error'});
  const select = h('select', {id: 'mapping-name'});
  const previewButton = h('button', {type: 'button', id: 'preview-button'}, 'Preview');
  const result = h('div', {id: 'mapping-result'});
  fill(container,
    h('h1', {}, 'Mapping preview'),
    h('p', {class: 'lead'}, 'Which fields will be synced, checked against both systems, on sample records. Nothing is written while you look.'),
    h('form', {class: 'inline', id: 'mapping-form'},
      h('label', {for: 'mapping-name'}, 'Mapping'), select, previewButton),
    error, result);

  let mappings = [];
  try {
    mappings = (await api('GET', '/api/v1/mappings')).mappings;
  } catch (e) {
    error.textContent = e.message;
    return;
  }
  if (mappings.length === 0) {
    fill(result, h('p', {}, 'No mappings are configured (the mappings section of the configuration file).'));
    previewButton.disabled = true;
    return;
  }
  fill(select, mappings.map((m) => h('option', {value: m.name}, `${m.name} (${m.source} → ${m.target})`)));
  const wanted = new URLSearchParams(location.hash.split('?')[1] || '').get('name');
  if (wanted && mappings.some((m) => m.name === wanted)) select.value = wanted;

  async function preview() {
    fill(result, h('p', {class: 'muted', role: 'status'}, 'Reading both systems\u2019 describe and sample records...'));
    await withButton(previewButton, error, async () => {
      const name = select.value;
      const [p, syncs] = await Promise.all([
        api('GET', `/api/v1/mappings/${enc(name)}/preview?limit=10`),
        api('GET', '/api/v1/syncs'),
      ]);
      renderPreview(p, syncs.syncs.filter((s) => s.mapping === name));
    });
    if (error.textContent) result.replaceChildren();
  }

  function renderPreview(p, syncs) {
    const s = p.summary;
    const startArea = h('div', {class: 'panel', id: 'start-sync'});
    fill(result,
      h('p', {id: 'mapping-summary'}, badge(p.status), ' ',
        `${p.source.connection}/${p.source.object} → ${p.target.connection}/${p.target.object}, version `,
        h('code', {}, p.version.slice(0, 12)), `. ${s.sampled} sampled: ${s.written} would be written `,
        `(${s.changed} changed by transforms), ${s.rejected} rejected.`),
      p.findings.length ? h('ul', {id: 'mapping-findings'}, p.findings.map((f) =>
        h('li', {class: `status-${f.severity || ''}`}, f.message || JSON.stringify(f)))) : null,
      h('h2', {}, 'Fields'), fieldTable(p),
      h('h2', {}, 'Sample records'),
      p.samples.length ? sampleTable(p) : h('p', {class: 'muted'}, 'No sample records yet (run the source sync first).'),
      startArea);
    renderStart(startArea, p, syncs);
  }

  function renderStart(area, p, syncs) {
    if (syncs.length === 0) {
      fill(area, h('p', {}, 'No sync applies this mapping yet (a sync names it with "mapping" in the configuration).'));
      return;
    }
    const note = h('p', {class: 'message', role: 'status', id: 'start-note'});
    const startError = h('p', {class: 'error', role: 'alert', id: 'start-error'});
    const buttons = syncs.map((sync) => {
      const accepted = sync.mapping_accepted_version === p.version;
      const button = h('button', {type: 'button', id: `start-${sync.name}`, disabled: p.status === 'error'},
        accepted && sync.started ? `Run ${sync.name} now` : `Start Sync: ${sync.name}`);
      button.addEventListener('click', async () => {
        const ok = await confirmDialog(`Start ${sync.name}?`,
          `You accept this preview (version ${p.version.slice(0, 12)}). ${sync.name} starts now and then runs every ` +
          `${sync.interval_secs} s; if the mapping changes, it pauses until a new preview is accepted.`, 'Start Sync');
        if (!ok) return;
        await withButton(button, startError, async () => {
          const r = await api('POST', `/api/v1/syncs/${enc(sync.name)}/start`, {json: {accepted_version: p.version}});
          fill(note, r.message, ' ', h('a', {href: '#/sync', id: 'watch-sync'}, 'Watch it on the Sync page.'));
        });
      });
      return button;
    });
    fill(area, h('h2', {}, 'Start Sync'),
      p.status === 'error' ? h('p', {class: 'error'}, 'Fix the errors above in the configuration first.') : null,
      h('div', {class: 'actions'}, buttons), note, startError);
  }

  previewButton.addEventListener('click', preview);
  select.addEventListener('change', preview);
  await preview();
}
