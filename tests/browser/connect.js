// Plays the person at the browser in `salesyncctl connect`: opens the authorize URL in Debian's headless
// Chromium (driven by playwright-core), checks the sandbox's Salesforce consent page, clicks Allow or Deny
// like a person would, follows the provider's redirect to the daemon's /oauth/callback and checks what the
// page says.
//
// Usage: node connect.js allow|deny AUTHORIZE_URL CALLBACK_URL CA_SPKI_SHA256 CONNECTION_NAME
//   CALLBACK_URL    the daemon's redirect URI; the browser must end up there
//   CA_SPKI_SHA256  base64 SHA-256 of the sandbox CA's public key (see run.sh for why)
// Exits 0 when every check passed; otherwise prints what it saw and exits 1.
'use strict';

const { chromium } = require('playwright-core');

const [decision, authorizeUrl, callbackUrl, caSpki, connection] = process.argv.slice(2);
if (!['allow', 'deny'].includes(decision) || !authorizeUrl || !callbackUrl || !caSpki || !connection) {
  console.error('usage: node connect.js allow|deny AUTHORIZE_URL CALLBACK_URL CA_SPKI_SHA256 CONNECTION_NAME');
  process.exit(2);
}

function check(ok, what) {
  if (!ok) throw new Error(what);
  console.log(`ok: ${what}`);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      // Chromium on Linux takes extra trust anchors only from an NSS database (certutil, another package) or
      // from policy files under /etc. This flag accepts a chain only when one of its certificates has this
      // public key, so the consent page is still served over real TLS from the sandbox's own throwaway CA and
      // any other certificate problem still fails the navigation.
      `--ignore-certificate-errors-spki-list=${caSpki}`,
    ],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: false });
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs every 4xx load, the pages themselves included (the denied callback answers 400); those
    // statuses are checked below. The sandbox serves no /favicon.ico, as browsers expect of some sites.
    const where = m.location().url || '';
    if (/^Failed to load resource/.test(m.text()) && (where === page.url() || new URL(where).pathname === '/favicon.ico')) return;
    problems.push(`console error on ${where || page.url()}: ${m.text()}`);
  });
  try {
    const consent = await page.goto(authorizeUrl);
    check(consent.status() === 200, `the authorize URL answers 200 (got ${consent.status()})`);
    check(page.url().startsWith('https://'), 'the consent page is served over HTTPS');
    check((await page.title()) === 'Allow Access?', 'the sandbox consent page is shown');
    const body = await page.locator('body').innerText();
    check(body.includes('Salesync is asking to'), 'the consent page names the app asking for access');
    const scopes = await page.locator('li').allInnerTexts();
    check(scopes.includes('api') && scopes.includes('refresh_token'),
          `the consent page lists the requested scopes api and refresh_token (got ${JSON.stringify(scopes)})`);

    const button = decision === 'allow' ? 'Allow' : 'Deny';
    const [callback] = await Promise.all([
      page.waitForResponse((r) => r.url().split('?')[0] === callbackUrl),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    check(page.url().startsWith(`${callbackUrl}?`), `clicking ${button} lands on the daemon's callback ${callbackUrl}`);
    const params = new URL(page.url()).searchParams;
    check(params.has('state'), 'the provider sent the state back');

    const result = (await page.locator('#result').innerText()).trim();
    const message = (await page.locator('#message').innerText()).trim();
    console.log(`callback page: HTTP ${callback.status()}, "${result}": ${message}`);
    if (decision === 'allow') {
      check(callback.status() === 200, 'the callback page answers 200');
      check(result === 'Connected', 'the callback page says Connected');
      check(message.includes(`Connected ${connection}.`), `the callback page names the connection ${connection}`);
      // A person reloading the page replays the code and state: the state is single use, so nothing is
      // exchanged twice (run.sh checks the connection is still connected afterwards).
      const replay = await page.reload();
      check(replay.status() === 400 && /already used/.test(await page.locator('#message').innerText()),
            'reloading the callback page is refused: the state was already used');
    } else {
      check(params.get('error') === 'access_denied', 'the provider redirected with error=access_denied');
      check(callback.status() === 400, 'the callback page answers 400');
      check(result === 'Not connected', 'the callback page says Not connected');
      check(/declined access/.test(message), 'the callback page explains that access was declined');
    }
    // The daemon's page forbids everything but inline style; a browser complaint there is a bug.
    check(problems.length === 0, `the browser reported no errors${problems.length ? `: ${problems.join('; ')}` : ''}`);
  } catch (e) {
    console.error(`error: ${e.message}`);
    console.error(`the browser is at ${page.url()}; the page reads:`);
    console.error(await page.locator('body').innerText().catch(() => '(no page)'));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`error: ${e.stack || e}`);
  process.exit(1);
});
