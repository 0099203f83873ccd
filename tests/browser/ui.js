// Plays the admin at the browser on salesyncd's /ui/ (issue 10), in Debian's headless Chromium driven by
// playwright-core, against the real daemon and salesync-sandbox that ui_run.sh started:
//   sign in (a wrong token first), create the workspace, connect Salesforce through the sandbox's consent page
//   and back, connect and test Marketo, preview the mapping and Start Sync, watch the sync finish, upload a
//   CSV whose e-mail column was not recognised and fix it with its drop-down, invite and read the
//   confirmation, sign out. Along the way: the session cookie's attributes, CSRF refusal, no secret in the
//   page source, no horizontal scrolling at 1280 px, no browser errors (a CSP violation is one).
// Every wait is on a selector or a state, never a sleep. A screenshot of each page goes to SCREENSHOT_DIR.
//
// Usage: SALESYNC_ADMIN_TOKEN_FILE=F node ui.js ADMIN_URL CA_SPKI_SHA256 CSV_FILE SCREENSHOT_DIR PROFILE_DIR
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [adminUrl, caSpki, csvFile, shots, profileDir] = process.argv.slice(2);
if (!adminUrl || !caSpki || !csvFile || !shots || !profileDir || !process.env.SALESYNC_ADMIN_TOKEN_FILE) {
  console.error('usage: SALESYNC_ADMIN_TOKEN_FILE=F node ui.js ADMIN_URL CA_SPKI_SHA256 CSV_FILE SCREENSHOT_DIR PROFILE_DIR');
  process.exit(2);
}
const token = fs.readFileSync(process.env.SALESYNC_ADMIN_TOKEN_FILE, 'utf8').trim();

function check(ok, what) {
  if (!ok) throw new Error(what);
  console.log(`ok: ${what}`);
}

async function main() {
  fs.rmSync(profileDir, { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      // The sandbox's consent page is HTTPS from its own throwaway CA (see connect.js for why this flag).
      `--ignore-certificate-errors-spki-list=${caSpki}`,
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(30000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs every 4xx answer as a failed load: the wrong token (401), the CSRF probe (403) and the
    // session probe before sign-in (401) are deliberate and checked below. Neither the sandbox's consent page
    // nor the OAuth callback page has an icon, as browsers expect of some sites.
    const where = m.location().url || '';
    if (/^Failed to load resource: the server responded with a status of 40[13]/.test(m.text())) return;
    // The preview of the CSV without a recognised e-mail column answers 400; the page shows why (checked below).
    if (/status of 400/.test(m.text()) && where && new URL(where).pathname === '/api/v1/invites/preview') return;
    if (/^Failed to load resource/.test(m.text()) && where && new URL(where).pathname === '/favicon.ico') return;
    problems.push(`console error on ${where || page.url()}: ${m.text()}`);
  });
  const shot = async (name) => {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  };
  // No page may scroll sideways at 1280 px.
  const fitsWidth = async (name) => {
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    check(scroll <= client, `the ${name} page fits 1280 px without horizontal scrolling (${scroll} <= ${client})`);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && el.labels.length === 0 && !el.getAttribute('aria-label'))
      .map((el) => el.id || el.name || el.outerHTML.slice(0, 60)));
    check(unlabelled.length === 0, `every form field on the ${name} page has a label${unlabelled.length ? `: missing for ${unlabelled}` : ''}`);
  };
  const go = async (hash, ready) => {
    await page.goto(`${adminUrl}/ui/${hash}`);
    await page.locator(ready).first().waitFor();
  };

  try {
    // --- sign in, by keyboard, a wrong token first
    const first = await page.goto(`${adminUrl}/ui/`);
    const csp = first.headers()['content-security-policy'] || '';
    check(/script-src 'self'/.test(csp) && /frame-ancestors 'none'/.test(csp) && !/unsafe-inline/.test(csp),
          `the page is served with a strict Content-Security-Policy (${csp})`);
    check(first.headers()['x-frame-options'] === 'DENY', 'the page may not be framed (X-Frame-Options DENY)');
    await page.locator('#token').waitFor();
    await shot('01-sign-in');
    await page.locator('#token').fill('not-the-token');
    await page.keyboard.press('Enter');
    await page.locator('#sign-in-error').filter({ hasText: 'not the admin token' }).waitFor();
    check(true, 'a wrong token is refused with a sentence next to the field');
    await page.locator('#token').fill(token);
    await page.keyboard.press('Enter');
    await page.locator('#checklist').waitFor();
    check(true, 'signing in with the admin token opens the Setup page');

    const cookies = await context.cookies(adminUrl);
    const session = cookies.find((c) => c.name === 'salesync_session');
    check(session && session.httpOnly && session.sameSite === 'Strict' && session.path === '/',
          'the session cookie is HttpOnly, SameSite=Strict, Path=/');
    check(!session.value.includes(token), 'the cookie is a session id, not the admin token');
    const source = await (await page.request.get(`${adminUrl}/ui/`)).text();
    check(!source.includes(token) && !source.includes(session.value), 'the page source holds no token or session id');
    const withoutCsrf = await page.evaluate(async () =>
      (await fetch('/api/v1/syncs/salesforce-people/run', { method: 'POST' })).status);
    check(withoutCsrf === 403, `a POST with the cookie but without the CSRF token is refused (${withoutCsrf})`);

    // --- Setup: the workspace and its owner
    await page.locator('#owner-email').fill('owner@example.com');
    await page.locator('#step-owner-button').click();
    await page.locator('#step-owner[data-done="yes"]').waitFor();
    check((await page.locator('#step-owner-status').innerText()).includes('owner@example.com'),
          'Create the workspace invites the owner and the step shows it done');
    await fitsWidth('Setup');
    await shot('02-setup');

    // --- Connections: Salesforce through the consent page and back
    await go('#/connections', '#connections');
    await fitsWidth('Connections');
    await shot('03-connections');
    await page.locator('#connect-salesforce').click();
    await page.waitForURL((u) => u.protocol === 'https:' && u.pathname.includes('authorize'));
    check((await page.title()) === 'Allow Access?', 'Connect Salesforce leads to the provider\u2019s consent page');
    await shot('04-salesforce-consent');
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/oauth/callback');
    check((await page.locator('#result').innerText()).trim() === 'Connected', 'after Allow the callback page says Connected');
    await page.locator('#back').click();
    await page.locator('#connection-salesforce[data-state="connected"]').waitFor();
    check(true, 'back on the Connections page, salesforce is connected');

    // --- Marketo: connect and test
    await page.locator('#connect-marketo').click();
    await page.locator('#connection-marketo[data-state="connected"]').waitFor();
    await page.locator('#test-marketo').click();
    await page.locator('#note-marketo').filter({ hasText: 'answered' }).waitFor();
    check(true, `marketo is connected and Test made a real call: ${await page.locator('#note-marketo').innerText()}`);
    await shot('05-connections-connected');

    // --- Mapping preview, then Start Sync with its confirmation
    await go('#/mapping', '#mapping-fields');
    await page.locator('#mapping-samples').waitFor();
    const fieldRows = await page.locator('#mapping-fields tbody tr').count();
    const sampleRows = await page.locator('#mapping-samples tbody tr').count();
    check(fieldRows === 5 && sampleRows > 0, `the preview shows the 5 fields and ${sampleRows} sample records`);
    const changed = await page.locator('#mapping-samples td[data-status="changed"] .reason').count();
    check(changed > 0, `cells a transform changes are highlighted with their reason (${changed})`);
    await fitsWidth('Mapping preview');
    await shot('06-mapping-preview');
    await page.locator('#start-salesforce-people').click();
    await page.locator('#confirm-dialog').waitFor();
    await page.locator('#confirm-yes').click();
    await page.locator('#start-note').filter({ hasText: 'Started' }).waitFor();
    check(true, 'Start Sync asks for confirmation and starts the sync with the accepted version');

    // --- Sync: watch it finish
    await page.locator('#watch-sync').click();
    await page.locator('#sync-salesforce-people').waitFor();
    await page.locator('#sync-salesforce-people[data-state="done"]').waitFor({ timeout: 180000 });
    const stored = await page.locator('#stream-salesforce-people-Lead td').nth(3).innerText();
    check(Number(stored) > 0, `the sync finished; Lead records stored: ${stored}`);
    await fitsWidth('Sync');
    await shot('07-sync');

    // --- Invites: a CSV with an unrecognised column, fixed with the drop-down
    await go('#/invites', '#csv-file');
    await page.locator('#csv-file').setInputFiles(csvFile);
    await page.locator('#column-mapping').waitFor();
    const before = await page.locator('#map-column-3').inputValue();
    check(before !== 'email', `the column "Reach me at" is not recognised as the e-mail (inferred: ${before})`);
    check((await page.locator('#column-mapping-error').innerText()).includes('e-mail'),
          'the problem is said in words under the column mapping');
    await shot('08-invites-wrong-column');
    await page.locator('#map-column-3').selectOption('email');
    await page.locator('#column-mapping tr[data-column="3"][data-field="email"]').waitFor();
    await page.locator('#csv-sample').filter({ hasText: 'ann.lee@example.com' }).waitFor();
    check((await page.locator('#csv-problems').innerText()).includes('not-an-address'),
          'after the fix the first rows show the addresses and the bad row is listed as a problem');
    await fitsWidth('Invites');
    await page.locator('#invite-button').click();
    await page.locator('#confirm-dialog').waitFor();
    await page.keyboard.press('Enter');
    const confirmation = await page.locator('#invite-confirmation').innerText();
    check(/2 invitations queued/.test(confirmation), `the confirmation says what happened: ${confirmation}`);
    await page.locator('#users').filter({ hasText: 'bo.berg@example.com' }).waitFor();
    check(true, 'the invited people appear in Users beside it');
    await shot('09-invites-report');

    // --- Journeys: create, publish, duplicate, close and abort from the list
    await go('#/journeys', '#journey-document');
    await page.locator('#journey-document').fill(JSON.stringify({
      name: 'UI Welcome', description: 'Created from the page', entry: { type: 'filter', where: {} }, start: 'n0',
      nodes: {
        n0: { type: 'action', scope: 'account', action: 'account_change_data_value',
              settings: { attribute: 'Industry', value: 'Software' }, next: 'n1' },
        n1: { type: 'action', scope: 'people', action: 'marketo_add_to_list',
              settings: { connection: 'marketo', list_id: 1001 }, next: 'n2' },
        n2: { type: 'wait', duration_secs: 3600, next: 'n3' },
        n3: { type: 'end' } } }));
    await page.locator('#journey-create').click();
    const journeyRow = (name) => page.locator(`#journeys-table tr[data-journey="${name}"]`);
    await journeyRow('UI Welcome').and(page.locator('[data-status="draft"]')).waitFor();
    check(true, 'a journey created from its JSON document is listed as a draft');
    await page.locator('#publish-UI_Welcome').click();
    await page.locator('#confirm-dialog').waitFor();
    await page.keyboard.press('Enter');
    await journeyRow('UI Welcome').and(page.locator('[data-status="live"]')).waitFor();
    check(!(await page.locator('#delete-UI_Welcome').count()), 'Publish (after a confirmation) makes it live, and a live journey offers no Delete');
    await page.locator('#duplicate-UI_Welcome').click();
    check(await page.locator('#duplicate-name').inputValue() === 'UI Welcome_copy', 'Duplicate proposes the name + "_copy"');
    await page.locator('#duplicate-type').selectOption('without_details');
    await page.locator('#duplicate-yes').click();
    await journeyRow('UI Welcome_copy').and(page.locator('[data-status="draft"]')).waitFor();
    check(true, 'the duplicate is listed as a new draft');
    await page.locator('#close-UI_Welcome').click();
    await page.locator('#confirm-dialog').waitFor();
    await page.keyboard.press('Enter');
    await journeyRow('UI Welcome').and(page.locator('[data-status="closed"]')).waitFor();
    await page.locator('#abort-UI_Welcome').click();
    await page.locator('#confirm-dialog').waitFor();
    await page.keyboard.press('Enter');
    await journeyRow('UI Welcome').and(page.locator('[data-status="aborted"]')).waitFor();
    check(true, 'Close to new entries, then Abort, each after a confirmation');
    await page.locator('#journey-search').fill('copy');
    await journeyRow('UI Welcome').waitFor({ state: 'detached' });
    check(await page.locator('#journeys-table tr[data-journey]').count() === 1, 'search by name narrows the list');
    await page.locator('#journey-search').fill('');
    await page.locator('#column-description').uncheck();
    await page.reload();
    await page.locator('#journeys-table').waitFor();
    check(!(await page.locator('#column-description').isChecked()) &&
          !(await page.locator('#journeys-table th').allInnerTexts()).includes('Description'),
          'the customized columns are remembered by the browser');
    await page.locator('#journeys-table button.link', { hasText: 'UI Welcome_copy' }).click();
    await page.locator('#journey-problems').waitFor();
    check((await page.locator('#journey-problems').innerText()).includes('n1'),
          'a duplicate without details shows its validation problems, each naming its node');
    await page.locator('#journeys-table button.link', { hasText: /^UI Welcome$/ }).click();
    await page.locator('#journey-nodes').filter({ hasText: 'marketo_add_to_list' }).waitFor();
    await page.locator('#journey-simulation').waitFor();
    check(true, "a journey's nodes, settings and dry run open below the list");
    await fitsWidth('Journeys');
    await shot('10-journeys');

    // --- Jobs: the validated-only action's jobs are dead with the reason; retry one, then cancel it
    await go('#/jobs', '#job-state');
    await page.locator('#job-state').selectOption('dead');
    const deadRow = page.locator('#jobs-table tr[data-state="dead"]').first();
    await deadRow.waitFor();
    check((await deadRow.innerText()).includes('validated only'), 'a job of a validated-only action is dead with the reason');
    const jobId = await deadRow.getAttribute('data-job');
    await page.locator(`#job-open-${jobId}`).click();
    await page.locator('#job-detail').filter({ hasText: 'account_change_data_value' }).waitFor();
    await page.locator(`#job-retry-${jobId}`).click();
    await page.locator('#confirm-dialog').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#jobs-note').filter({ hasText: `Job ${jobId} is now queued` }).waitFor();
    await page.locator('#job-state').selectOption('');
    await page.locator(`#job-cancel-${jobId}`).click();
    await page.locator('#confirm-dialog').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#jobs-note').filter({ hasText: `Job ${jobId} is now cancelled` }).waitFor();
    check(true, 'Retry and Cancel on the Jobs page, each after a confirmation, with details of the job');
    await fitsWidth('Jobs');
    await shot('11-jobs');

    // --- Setup again: every step's live status
    await go('#/setup', '#checklist');
    await page.locator('#step-salesforce[data-done="yes"]').waitFor();
    await page.locator('#step-marketo[data-done="yes"]').waitFor();
    await page.locator('#step-sync[data-done="yes"]').waitFor();
    await page.locator('#step-invite[data-done="yes"]').waitFor();
    check(true, 'the Setup checklist shows every step done');
    await shot('12-setup-done');

    // --- sign out
    await page.locator('#sign-out').click();
    await page.locator('#token').waitFor();
    const after = await page.evaluate(async () => (await fetch('/api/v1/status')).status);
    check(after === 401, 'after Sign out the API refuses the browser (401)');

    check(problems.length === 0, `the browser reported no errors${problems.length ? `: ${problems.join('; ')}` : ''}`);
  } catch (e) {
    console.error(`error: ${e.message}`);
    console.error(`the browser is at ${page.url()}; the page reads:`);
    console.error(await page.locator('body').innerText().catch(() => '(no page)'));
    await shot('failure').catch(() => {});
    process.exitCode = 1;
  } finally {
    await context.close();
  }
}

main().catch((e) => {
  console.error(`error: ${e.stack || e}`);
  process.exit(1);
});
