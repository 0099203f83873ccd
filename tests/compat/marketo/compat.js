// node-marketo-rest (npm 0.7.8, restler-based), unmodified, against salesync-sandbox's Marketo emulator
// (fact sheet §8): identity, describe, find by filter, createOrUpdate with per-record statuses, paging
// token + activities with nextPage(), lead changes, static lists (ids joined "1&id=2", the POST
// _method=GET list read), request campaign with tokens, merge, re-authentication after 602/601, and a
// bulk lead extract. Argument: the sandbox's JSON line. Exit status 0 = compatible.
'use strict';
const assert = require('node:assert/strict');
const Marketo = require('node-marketo-rest');

let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}: ${e && e.stack ? e.stack : JSON.stringify(e)}`);
  }
}

async function main() {
  const line = JSON.parse(process.argv[2]);
  const mk = line.marketo;
  const control = async (method, path, body) => {
    const res = await fetch(`${mk.control_url}/${path}`, {
      method, headers: { 'X-Sandbox-Key': line.control_key, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const marketo = new Marketo({
    endpoint: mk.rest_url,
    identity: mk.identity_url,
    clientId: mk.client_id,
    clientSecret: mk.client_secret,
    retry: { maxRetries: 3, initialDelay: 50, maxDelay: 200 },
  });

  let leadId;
  let otherId;
  await check('identity + describe', async () => {
    const token = await marketo.getOAuthToken();
    assert.equal(token.token_type, 'bearer');
    assert.ok(token.expires_in > 3500);
    const d = await marketo.lead.describe();
    assert.equal(d.success, true);
    assert.ok(d.result.some((f) => f.rest.name === 'email'));
  });

  await check('lead.find by id with fields, and byId', async () => {
    const r = await marketo.lead.find('id', [1, 2, 3, 4, 5, 6], { fields: ['email', 'firstName', 'leadScore'] });
    assert.equal(r.success, true);
    assert.ok(r.result.length >= 3);
    assert.ok('leadScore' in r.result[0]);
    leadId = r.result[0].id;
    otherId = r.result[1].id;
    const one = await marketo.lead.byId(leadId, { fields: ['email', 'title'] });
    assert.equal(one.result[0].id, leadId);
  });

  await check('lead.find pages with nextPage()', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    const first = await marketo.lead.find('id', ids, { batchSize: 20 });
    assert.equal(first.result.length, 20);
    assert.ok(first.nextPageToken);
    const second = await first.nextPage();
    assert.equal(second.success, true);
    assert.ok(second.result.length > 0);
    assert.notEqual(second.result[0].id, first.result[0].id);
  });

  await check('lead.createOrUpdate: created, updated, skipped in input order', async () => {
    const r = await marketo.lead.createOrUpdate(
      [{ email: 'compat@example.com', firstName: 'Compat', leadScore: 10 }, { email: 'bad@example.com', shoeSize: 9 }],
      { lookupField: 'email' });
    assert.equal(r.result[0].status, 'created');
    assert.equal(r.result[1].status, 'skipped');
    assert.equal(r.result[1].reasons[0].code, '1006');
    const again = await marketo.lead.createOrUpdate([{ email: 'compat@example.com', title: 'Tester' }], { lookupField: 'email' });
    assert.equal(again.result[0].status, 'updated');
    assert.equal(again.result[0].id, r.result[0].id);
  });

  await check('paging token + activities to the end with nextPage()', async () => {
    const tok = await marketo.lead.getPageToken('2026-06-01T00:00:00+00:00');
    assert.ok(tok.nextPageToken);
    let page = await marketo.lead.getActivitiesWithOptions({ activityTypeIds: '1,12,13', nextPageToken: tok.nextPageToken });
    const guids = new Set();
    let pages = 0;
    for (;;) {
      assert.equal(page.success, true);
      assert.ok(page.nextPageToken);
      for (const a of page.result || []) {
        assert.ok(!guids.has(a.marketoGUID));
        guids.add(a.marketoGUID);
      }
      pages += 1;
      if (!page.moreResult) break;
      page = await page.nextPage();
    }
    assert.ok(pages >= 2, `pages=${pages}`);
    assert.ok(guids.size > 300, `activities=${guids.size}`);
  });

  await check('lead changes', async () => {
    const tok = await marketo.lead.getPageToken('2026-11-02T00:00:00Z');
    const r = await marketo.lead.getChanges(tok.nextPageToken, { fields: ['title'] });
    assert.equal(r.success, true);
    assert.ok(r.result.some((a) => a.activityTypeId === 13 && a.fields[0].name === 'title'));
  });

  await check('static lists: add, isMember, remove with 1015, getLeads', async () => {
    const add = await marketo.list.addLeadsToList(1005, [leadId]);
    assert.equal(add.result[0].status, 'added');
    const member = await marketo.list.isMember(1005, [leadId, otherId]);
    assert.deepEqual(member.result.map((x) => x.status), ['memberof', 'notmemberof']);
    const removed = await marketo.list.removeLeadsFromList(1005, [leadId, otherId]);
    assert.equal(removed.result[0].status, 'removed');
    assert.equal(removed.result[1].status, 'skipped');
    assert.equal(removed.result[1].reasons[0].code, '1015');
    const leads = await marketo.list.getLeads(1001);
    assert.equal(leads.success, true);
    assert.ok(leads.result.length > 0);
  });

  await check('campaign.request with tokens', async () => {
    const r = await marketo.campaign.request(2001, [{ id: leadId }], [{ name: '{{my.moment}}', value: 'Compat moment' }]);
    assert.equal(r.success, true);
    assert.equal(r.result[0].id, 2001);
  });

  await check('lead.mergeLead', async () => {
    const r = await marketo.lead.mergeLead(leadId, [otherId], { mergeInCRM: false });
    assert.equal(r.success, true);
    const gone = await marketo.lead.byId(otherId);
    assert.equal(gone.result.length, 0);
  });

  await check('re-authenticates after the token expires (602, then a fresh token)', async () => {
    const before = (await marketo.getOAuthToken()).access_token;
    const expired = await control('POST', 'tokens/expire');
    assert.equal(expired.status, 200);
    const r = await marketo.lead.describe();
    assert.equal(r.success, true);
    const after = marketo._connection._tokenData.access_token;
    assert.notEqual(after, before);
  });

  await check('bulk lead extract: create, enqueue, status, file', async () => {
    const created = await marketo.bulkLeadExtract.create(['id', 'email'],
      { updatedAt: { startAt: '2026-08-01T00:00:00Z', endAt: '2026-08-31T00:00:00Z' } });
    const id = created.result[0].exportId;
    assert.equal(created.result[0].status, 'Created');
    const queued = await marketo.bulkLeadExtract.enqueue(id);
    assert.equal(queued.result[0].status, 'Queued');
    let status;
    for (let i = 0; i < 3; i += 1) {
      status = await marketo.bulkLeadExtract.status(id);
      if (status.result[0].status === 'Completed') break;
    }
    assert.equal(status.result[0].status, 'Completed');
    const file = await marketo.bulkLeadExtract.file(id);
    const text = typeof file === 'string' ? file : file.toString();
    assert.ok(text.startsWith('id,email\n'), text.slice(0, 40));
    assert.equal(text.split('\n').length - 2, status.result[0].numberOfRecords);
  });

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
