// jsforce, unmodified, against salesync-sandbox's Salesforce emulator (fact sheet §8): OAuth web-server
// flow with PKCE through the auto-approving authorize URL, autoFetch over several query pages, describe,
// sObject Collections create and upsert, limits and Sforce-Limit-Info, refresh (manual and automatic on
// 401), error shapes and revocation. Argument: the sandbox's JSON line. Exit status 0 = compatible.
'use strict';
const assert = require('node:assert/strict');
const jsforce = require('jsforce');

const REDIRECT = 'http://127.0.0.1:9/jsforce/callback';
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

async function main() {
  const line = JSON.parse(process.argv[2]);
  const sf = line.salesforce;
  const control = async (method, path, body) => {
    const res = await fetch(`${sf.control_url}/${path}`, {
      method, headers: { 'X-Sandbox-Key': line.control_key, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  const oauth2 = new jsforce.OAuth2({
    loginUrl: sf.login_url, clientId: sf.client_id, clientSecret: sf.client_secret, redirectUri: REDIRECT,
    useVerifier: true,
  });
  const conn = new jsforce.Connection({ oauth2, version: '60.0' });
  let refreshEvents = 0;
  conn.on('refresh', () => { refreshEvents += 1; });

  await check('authorize with PKCE via the authorize URL', async () => {
    const url = oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'jsforce-state' });
    assert.match(url, /code_challenge=/);
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location'));
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    assert.equal(location.searchParams.get('state'), 'jsforce-state');
    const info = await conn.authorize(location.searchParams.get('code'));
    assert.equal(conn.instanceUrl, sf.instance_url);
    assert.ok(conn.accessToken.includes('!'));
    assert.ok(conn.refreshToken);
    assert.equal(info.organizationId, sf.org_id);
    assert.ok(info.id.startsWith('005'));
  });

  let contactCount = 0;
  await check('query with autoFetch over several pages', async () => {
    contactCount = (await conn.query('SELECT COUNT() FROM Contact')).totalSize;
    assert.ok(contactCount > 4000, `only ${contactCount} contacts`);
    const result = await conn.query('SELECT Id, Email, SystemModstamp FROM Contact ORDER BY SystemModstamp, Id',
      { autoFetch: true, maxFetch: 100000 });
    assert.equal(result.totalSize, contactCount);
    assert.equal(result.records.length, contactCount);
    assert.equal(new Set(result.records.map((r) => r.Id)).size, contactCount);
    assert.equal(result.records[0].attributes.type, 'Contact');
  });

  await check('queryAll (scanAll) sees deletes', async () => {
    const victim = (await conn.query('SELECT Id FROM Lead LIMIT 1')).records[0].Id;
    await conn.sobject('Lead').destroy(victim);
    const live = await conn.query(`SELECT Id FROM Lead WHERE Id = '${victim}'`);
    assert.equal(live.totalSize, 0);
    const all = await conn.query(`SELECT Id, IsDeleted FROM Lead WHERE Id = '${victim}'`, { scanAll: true });
    assert.equal(all.totalSize, 1);
    assert.equal(all.records[0].IsDeleted, true);
  });

  await check('describe', async () => {
    const d = await conn.sobject('Task').describe();
    assert.equal(d.name, 'Task');
    const ext = d.fields.find((f) => f.name === 'Salesync_Activity_Id__c');
    assert.ok(ext && ext.externalId && ext.unique);
    const who = d.fields.find((f) => f.name === 'WhoId');
    assert.deepEqual(who.referenceTo, ['Contact', 'Lead']);
    const global = await conn.describeGlobal();
    assert.ok(global.sobjects.some((s) => s.name === 'Contact'));
  });

  await check('Task create and upsert through composite/sobjects', async () => {
    const who = (await conn.query('SELECT Id FROM Contact LIMIT 1')).records[0].Id;
    const tasks = [1, 2, 3].map((i) => ({
      WhoId: who, Subject: `Email: campaign ${i}`, ActivityDate: '2026-05-20', Status: 'Completed', Priority: 'Normal',
      Type: 'Email', TaskSubtype: 'Email', Salesync_Activity_Id__c: `jsforce-${i}`,
    }));
    const created = await conn.sobject('Task').create(tasks);
    assert.equal(created.length, 3);
    for (const r of created) assert.equal(r.success, true, JSON.stringify(r));
    const again = await conn.sobject('Task').create(tasks, { allOrNone: false });
    for (const r of again) {
      assert.equal(r.success, false);
      assert.equal(r.errors[0].errorCode || r.errors[0].statusCode, 'DUPLICATE_VALUE');
    }
    const upserted = await conn.sobject('Task').upsert(tasks, 'Salesync_Activity_Id__c');
    assert.equal(upserted.length, 3);
    for (const r of upserted) assert.equal(r.success, true, JSON.stringify(r));
    assert.deepEqual(upserted.map((r) => r.id), created.map((r) => r.id));
    const one = await conn.sobject('Task').retrieve(created[0].id);
    assert.equal(one.IsClosed, true);
  });

  await check('limits and Sforce-Limit-Info', async () => {
    const limits = await conn.limits();
    assert.ok(limits.DailyApiRequests.Max > 0);
    assert.ok(conn.limitInfo.apiUsage.used > 0);
    assert.equal(conn.limitInfo.apiUsage.limit, limits.DailyApiRequests.Max);
  });

  await check('errors arrive as errorCode', async () => {
    await assert.rejects(conn.query('SELECT Id FROM Contact WHER'), (e) => e.errorCode === 'MALFORMED_QUERY');
    await assert.rejects(conn.sobject('Lead').create({ Company: 'No Name' }),
      (e) => e.errorCode === 'REQUIRED_FIELD_MISSING');
  });

  await check('refresh: manual rotation, then automatic on 401', async () => {
    const before = conn.refreshToken;
    const refreshed = await oauth2.refreshToken(before);
    assert.ok(refreshed.access_token && refreshed.id && refreshed.refresh_token);
    assert.notEqual(refreshed.refresh_token, before);
    conn.refreshToken = refreshed.refresh_token;
    conn.accessToken = refreshed.access_token;
    const expired = await control('POST', 'tokens/expire', { token: conn.accessToken });
    assert.equal(expired.status, 200);
    const count = (await conn.query('SELECT COUNT() FROM Contact')).totalSize;
    assert.equal(count, contactCount);
    assert.equal(refreshEvents, 1);
  });

  await check('revoke', async () => {
    await oauth2.revokeToken(conn.accessToken);
    // A connection without OAuth settings cannot refresh: the revoked session surfaces as the 401 it is.
    const bare = new jsforce.Connection({ instanceUrl: conn.instanceUrl, accessToken: conn.accessToken, version: '60.0' });
    await assert.rejects(bare.limits(), (e) => e.errorCode === 'INVALID_SESSION_ID');
  });

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
