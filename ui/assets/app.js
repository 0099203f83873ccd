// The admin web page's shell: sign-in, sign-out and the hash router (#/setup, #/connections, ...). Each page
// is a module exporting `title` and render(container), which may return a function that stops its polling.
// Adding a page: a module here, an entry in `pages`, a link in the nav of index.html.
import {api, ApiError, onSessionEnded, setCsrfToken, showError, clearError} from '/ui/api.js';
import * as setup from '/ui/setup.js';
import * as connections from '/ui/connections.js';
import * as mapping from '/ui/mapping.js';
import * as sync from '/ui/sync.js';
import * as invites from '/ui/invites.js';
import * as journeys from '/ui/journeys.js';
import * as jobs from '/ui/jobs.js';

const pages = {setup, connections, mapping, sync, invites, journeys, jobs};
const $ = (id) => document.getElementById(id);
let stopPage = null;
let signedIn = false;

function showSignIn(message) {
  signedIn = false;
  if (stopPage) stopPage();
  stopPage = null;
  setCsrfToken('');
  $('page').replaceChildren();
  $('nav').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  if (message) showError($('sign-in-error'), message);
  $('token').focus();
}

async function route() {
  if (!signedIn) return;
  const name = (location.hash.match(/^#\/([a-z]+)/) || [])[1] || 'setup';
  const page = pages[name] || setup;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (stopPage) stopPage();
  stopPage = null;
  const container = $('page');
  container.replaceChildren();
  container.dataset.page = name;
  document.title = `${page.title} · salesync admin`;
  stopPage = (await page.render(container)) || null;
}

function enter(csrfToken) {
  setCsrfToken(csrfToken);
  signedIn = true;
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  route();
}

async function signIn(event) {
  event.preventDefault();
  const error = $('sign-in-error');
  clearError(error);
  const body = new URLSearchParams({token: $('token').value});
  try {
    const result = await api('POST', '/ui/api/sign-in', {body: body.toString(), contentType: 'application/x-www-form-urlencoded'});
    $('token').value = '';
    enter(result.csrf_token);
    $('main').focus();
  } catch (e) {
    showError(error, e);
    $('token').focus();
  }
}

async function signOut() {
  try {
    await api('POST', '/ui/api/sign-out');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) console.warn(e.message);
  }
  showSignIn('Signed out.');
}

async function start() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  onSessionEnded((message) => showSignIn(message));
  try {
    const session = await api('GET', '/ui/api/session');
    enter(session.csrf_token);
  } catch {
    showSignIn('');
  }
}

start();
