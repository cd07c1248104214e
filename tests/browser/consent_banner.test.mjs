// Browser tests of the consent banner: headless Debian Chromium, driven by
// playwright-core, against the demo site behind a real gateway on loopback.
//
//   TACT_BINARY=build/gateway/tact TACT_TEST_GEOIP_DIR=build/geoip/testdata \
//   TACT_BROWSER_ARTIFACTS=build/browser-artifacts node --test consent_banner.test.mjs
//
// The visitor's place comes from X-Forwarded-For (the gateway trusts
// loopback as a proxy here), their language from the browser's locale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const binary = process.env.TACT_BINARY;
const geoipDir = process.env.TACT_TEST_GEOIP_DIR;
const artifacts = process.env.TACT_BROWSER_ARTIFACTS || join(tmpdir(), 'tact-browser-artifacts');

// Test addresses of the bundled GeoIP test database.
const GERMANY = '192.0.2.10';
const CALIFORNIA = '192.0.2.130';

// ctest runs one scenario per process (TACT_BROWSER_TEST=its name); a name
// that matches none fails rather than passing with nothing run.
const only = process.env.TACT_BROWSER_TEST;
const declared = [];
function scenario(name, body) {
  declared.push(name);
  if (!only || only === name) test(name, body);
}

let gateway;
let browser;
let workDir;
let base;

// A port from below the ephemeral range that nothing listens on now.
function freePort() {
  const candidate = 20000 + Math.floor(Math.random() * 10000);
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => resolvePort(freePort()));
    probe.listen(candidate, '127.0.0.1', () => probe.close(() => resolvePort(candidate)));
  });
}

// The shipped policies, with one change so that consent visibly changes what
// a page may use: under the EU policy the visitor's city needs consent to
// personalization (shipped: never finer than the region).
function policiesForTest() {
  const folder = join(workDir, 'policies');
  cpSync(join(repo, 'policies'), folder, { recursive: true });
  const file = join(folder, 'eu-gdpr.json');
  const policy = JSON.parse(readFileSync(file, 'utf8'));
  policy.signals['geo.city'] = { allowed: 'with_consent', purpose: 'personalization' };
  writeFileSync(file, JSON.stringify(policy, null, 2));
  return folder;
}

async function startGateway() {
  const [port, originPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  const config = {
    listen: { address: '127.0.0.1', port },
    upstream: { host: '127.0.0.1', port: originPort },
    demo_origin: { address: '127.0.0.1', port: originPort, root: join(repo, 'demo/site') },
    admin: { address: '127.0.0.1', port: adminPort },
    access_log: { path: join(workDir, 'access.log') },
    geoip: { database: join(geoipDir, 'test-city.mmdb') },
    trusted_proxies: ['127.0.0.0/8'],
    policies: { directory: policiesForTest() },
    consent: {
      keys: [{ id: 'browser-test', file: join(workDir, 'consent.key') }],
      sign_with: 'browser-test',
      generate_missing_keys: true,
      log: { directory: join(workDir, 'consent-log'), signing_key: join(workDir, 'consent-log.pem') },
      ui: { privacy_notice: '/privacy.html' },
    },
  };
  const configFile = join(workDir, 'tact.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child = spawn(binary, ['serve', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; waited < 15000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the gateway stopped: ${stderr}`);
    try {
      const response = await fetch(url + '/.well-known/gpc.json');
      if (response.ok) return { child, url };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the gateway did not answer within 15 s: ${stderr}`);
}

before(async () => {
  assert.ok(binary, 'set TACT_BINARY to the tact binary');
  assert.ok(geoipDir, 'set TACT_TEST_GEOIP_DIR to the test GeoIP databases');
  workDir = mkdtempSync(join(tmpdir(), 'tact-browser-'));
  mkdirSync(artifacts, { recursive: true });
  for (let attempt = 0; !gateway; ++attempt) {
    try {
      gateway = await startGateway();
    } catch (error) {
      if (attempt === 2) throw error; // a port taken between the probe and the bind
    }
  }
  base = gateway.url;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (gateway) gateway.child.kill('SIGTERM');
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// A fresh visitor (new context: no cookies) from `address`, speaking `locale`.
async function visitor({ address = GERMANY, locale = 'en-US', headers = {}, javaScript = true } = {}) {
  const context = await browser.newContext({
    locale,
    javaScriptEnabled: javaScript,
    extraHTTPHeaders: { 'X-Forwarded-For': address, ...headers },
    viewport: { width: 1000, height: 700 },
  });
  const page = await context.newPage();
  return { context, page };
}

// The gateway's view of the purposes after a refusal, and after accepting all.
const ONLY_NECESSARY = { necessary: true, personalization: false, analytics: false, advertising: false };
const EVERYTHING = { necessary: true, personalization: true, analytics: true, advertising: true };

// Opens the home page and answers its banner with one of its first-layer buttons.
async function answerFirstBanner(page, button) {
  await page.goto(base + '/');
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

async function consentCookie(context) {
  return (await context.cookies()).find((c) => c.name === 'tact_consent');
}

// What the gateway now reads of this visitor: the consent state and, per
// purpose, whether it counts ("on") for what the next page may use.
async function stateSeenByGateway(context) {
  const response = await context.request.get(base + '/__tact/consent');
  assert.equal(response.status(), 200);
  const state = await response.json();
  return Object.fromEntries(state.purposes.map((p) => [p.id, p.on]));
}

async function decisionOfNextPage(context) {
  const response = await context.request.get(base + '/__tact/visit');
  return (await response.json()).decision;
}

function consentLog() {
  return readFileSync(join(workDir, 'consent-log', 'segment-000001.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l)).filter((r) => r.type === 'consent');
}

function lastRecordOf(receipt) {
  return consentLog().filter((r) => r.receipt === receipt).pop();
}

async function receiptOf(page) {
  const response = await page.context().request.get(base + '/__tact/consent/receipt');
  return (await response.json()).receipt;
}

// A visitor without JavaScript on `path`, once its no-script panel is there.
async function noScriptVisitorOn(path) {
  const { context, page } = await visitor({ javaScript: false });
  await page.goto(base + path);
  const panel = page.locator('section.tact-noscript-panel');
  await panel.waitFor();
  return { context, page, panel };
}

scenario('an EU visitor sees the banner, with Accept all, Reject all and Choose alike', async () => {
  const { context, page } = await visitor();
  await page.goto(base + '/');
  const dialog = page.getByRole('dialog', { name: 'Your privacy choices' });
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  const buttons = ['Accept all', 'Reject all', 'Choose'].map((name) => dialog.getByRole('button', { name }));
  const boxes = await Promise.all(buttons.map((b) => b.boundingBox()));
  const styles = await Promise.all(buttons.map((b) => b.evaluate((node) => {
    const s = getComputedStyle(node);
    return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderColor].join('|');
  })));
  assert.equal(new Set(styles).size, 1, 'no choice is styled to stand out');
  assert.ok(boxes.every((b) => Math.abs(b.height - boxes[0].height) < 1), 'all three are the same height');
  assert.ok(await dialog.evaluate((node) => node.contains(document.activeElement)), 'focus moved into the dialog');
  assert.equal(await dialog.getByRole('link', { name: 'Privacy notice' }).getAttribute('href'), '/privacy.html');
  assert.equal(await consentCookie(context), undefined, 'nothing is set before a choice');
  await page.screenshot({ path: join(artifacts, 'banner-en.png') });
  await context.close();
});

scenario('Reject all records a refusal, sets the cookie and the next page uses no consent', async () => {
  const { context, page } = await visitor();
  await answerFirstBanner(page, 'Reject all');
  const cookie = await consentCookie(context);
  assert.ok(cookie, 'the choice is remembered');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.deepEqual(await stateSeenByGateway(context),
    ONLY_NECESSARY);
  const decision = await decisionOfNextPage(context);
  assert.equal(decision.consent.purposes.personalization, 'refused');
  assert.ok(decision.withheld.some((s) => s.name === 'geo.city'), 'the city stays withheld');
  const record = lastRecordOf(await receiptOf(page));
  assert.equal(record.method, 'banner');
  assert.equal(record.language, 'en');
  assert.equal(record.ui_version.length, 32);
  await page.goto(base + '/product.html');  // the refusal is not asked again
  await page.getByRole('button', { name: 'Privacy settings' }).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);
  await context.close();
});

scenario('Accept all grants every purpose for the next page', async () => {
  const { context, page } = await visitor();
  await answerFirstBanner(page, 'Accept all');
  assert.deepEqual(await stateSeenByGateway(context),
    EVERYTHING);
  const decision = await decisionOfNextPage(context);
  assert.equal(decision.consent.purposes.personalization, 'granted');
  assert.ok(decision.used.some((s) => s.name === 'geo.city'), 'the next page may use the city');
  await context.close();
});

scenario('Choose grants only the purpose switched on', async () => {
  const { context, page } = await visitor();
  await page.goto(base + '/');
  await page.getByRole('button', { name: 'Choose' }).click();
  const analytics = page.getByRole('switch', { name: 'Analytics' });
  assert.equal(await analytics.isChecked(), false, 'nothing is pre-ticked');
  assert.equal(await page.getByRole('switch', { name: /Strictly necessary/ }).isDisabled(), true);
  await analytics.check();
  await page.getByRole('button', { name: 'Save my choices' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.deepEqual(await stateSeenByGateway(context),
    { necessary: true, personalization: false, analytics: true, advertising: false });
  assert.equal(lastRecordOf(await receiptOf(page)).method, 'preferences');
  await context.close();
});

scenario('Privacy settings withdraws a consent as easily as it was given', async () => {
  const { context, page } = await visitor();
  await answerFirstBanner(page, 'Accept all');
  await page.goto(base + '/search.html');
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  const dialog = page.getByRole('dialog');
  assert.equal(await dialog.getByRole('switch', { name: 'Personalization' }).isChecked(), true);
  const receipt = await receiptOf(page);
  assert.ok(receipt, 'the receipt is there to download');
  assert.ok(!(await page.content()).includes(receipt), 'its id is nowhere in the page');
  assert.equal(await dialog.getByRole('link', { name: 'Download receipt' }).getAttribute('href'),
    '/__tact/consent/receipt');
  assert.ok((await decisionOfNextPage(context)).used.some((s) => s.name === 'geo.city'));
  await dialog.getByRole('button', { name: 'Withdraw all consent' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.ok((await decisionOfNextPage(context)).withheld.some((s) => s.name === 'geo.city'),
    'after the withdrawal the next page no longer uses the city');
  assert.deepEqual(await stateSeenByGateway(context),
    ONLY_NECESSARY);
  const withdrawn = consentLog().filter((r) => r.action === 'withdrawn');
  assert.ok(withdrawn.length >= 1);
  assert.equal(withdrawn.pop().purposes.personalization, 'refused');
  await context.close();
});

scenario('the banner can be answered with the keyboard alone, and Escape refuses', async () => {
  const { context, page } = await visitor();
  await page.goto(base + '/');
  await page.getByRole('dialog').waitFor();
  const focused = () => page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Accept all');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focus is visible');
  await page.keyboard.press('Shift+Tab');  // focus stays in the dialog: wraps to its last control
  assert.ok(await page.evaluate(() => document.querySelector('[role=dialog]').contains(document.activeElement)));
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Reject all');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.equal((await stateSeenByGateway(context)).personalization, false);
  await context.close();

  const second = await visitor();
  await second.page.goto(base + '/');
  await second.page.getByRole('dialog').waitFor();
  await second.page.keyboard.press('Escape');
  await second.page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.ok(await consentCookie(second.context), 'Escape recorded the least permissive choice');
  assert.deepEqual(await stateSeenByGateway(second.context),
    ONLY_NECESSARY);
  await second.context.close();
});

// WCAG 2.1 relative luminance and contrast ratio of two computed colours.
function contrast(foreground, background) {
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

scenario('the banner meets WCAG AA contrast in the light and the dark scheme', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await visitor();
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await page.goto(base + '/');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.getByRole('button', { name: 'Choose' }).click();
    const colours = await page.evaluate(() => {
      const style = (selector) => getComputedStyle(document.querySelector(selector));
      const button = style('.tact-dialog .tact-button');
      const dialogStyle = style('.tact-dialog');
      return {
        text: [dialogStyle.color, dialogStyle.backgroundColor],
        description: [style('.tact-description').color, dialogStyle.backgroundColor],
        button: [button.color, button.backgroundColor],
        animation: dialogStyle.animationName,
      };
    });
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineColor);
    const background = colours.text[1];
    assert.ok(contrast(...colours.text) >= 4.5, `${colorScheme}: text ${contrast(...colours.text)}`);
    assert.ok(contrast(...colours.description) >= 4.5, `${colorScheme}: descriptions`);
    assert.ok(contrast(...colours.button) >= 4.5, `${colorScheme}: buttons`);
    assert.ok(contrast(ring, background) >= 3, `${colorScheme}: focus ring ${contrast(ring, background)}`);
    assert.equal(colours.animation, 'none', 'no motion when reduced motion is asked for');
    await context.close();
  }
});

// Persian and Arabic: right-to-left, mirrored, and recorded in their language.
async function rightToLeftBanner(language, locale, title) {
  const { context, page } = await visitor({ locale });
  await page.goto(base + '/');
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.waitFor();
  const root = page.locator('.tact-consent');
  assert.equal(await root.getAttribute('dir'), 'rtl');
  assert.equal(await root.getAttribute('lang'), language);
  assert.equal(await dialog.evaluate((node) => getComputedStyle(node).direction), 'rtl');
  // Mirrored: the first button sits to the right of the second.
  const buttons = dialog.locator('.tact-actions button');
  const [first, second] = [await buttons.nth(0).boundingBox(), await buttons.nth(1).boundingBox()];
  assert.ok(first.x > second.x, 'the buttons run right to left');
  await page.screenshot({ path: join(artifacts, `banner-${language}.png`) });
  await buttons.nth(0).click();  // Accept all, in this language
  await dialog.waitFor({ state: 'detached' });
  assert.equal(lastRecordOf(await receiptOf(page)).language, language);
  await context.close();
}

scenario('the Persian banner is right-to-left and its choice is recorded in Persian', () =>
  rightToLeftBanner('fa', 'fa-IR', 'انتخاب‌های حریم خصوصی شما'));

scenario('the Arabic banner is right-to-left and its choice is recorded in Arabic', () =>
  rightToLeftBanner('ar', 'ar-EG', 'خيارات الخصوصية الخاصة بك'));

scenario('a Californian with Global Privacy Control gets no blocking banner and the opt-out', async () => {
  const { context, page } = await visitor({ address: CALIFORNIA, headers: { 'Sec-GPC': '1' } });
  await page.goto(base + '/');
  const choices = page.getByRole('button', { name: 'Your privacy choices' });
  await choices.waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0, 'nothing blocks the page');
  const effective = await stateSeenByGateway(context);
  assert.equal(effective.advertising, false, 'GPC opted out of sale and sharing');
  assert.equal(effective.personalization, true, 'opt-out: the rest stays on until refused');
  await choices.click();
  const dialog = page.getByRole('dialog');
  assert.ok((await dialog.textContent()).includes('Global Privacy Control'), 'the banner says GPC was honoured');
  assert.equal(await dialog.getByRole('switch', { name: 'Advertising' }).isChecked(), false);
  // The policy allows no pre-ticked boxes: on until refused, yet unticked, and said so.
  const personalization = dialog.getByRole('switch', { name: 'Personalization' });
  assert.equal(await personalization.isChecked(), false, 'not pre-ticked');
  assert.ok((await dialog.locator('label[for="tact-purpose-personalization"]').textContent())
    .includes('On until you say no'), 'the switch says the purpose is on until refused');
  await page.screenshot({ path: join(artifacts, 'choices-us-ca-gpc.png') });
  await context.close();
});

scenario('without JavaScript the no-script form records the choice and returns to the page', async () => {
  const { context, page, panel } = await noScriptVisitorOn('/product.html');
  await panel.getByRole('button', { name: 'Reject all' }).click();
  await page.waitForURL(base + '/product.html');
  assert.ok(await consentCookie(context), 'the 303 answer set the cookie');
  assert.equal(await page.locator('section.tact-noscript-panel').count(), 0, 'not asked again');
  assert.equal(await page.locator('details.tact-noscript-panel').count(), 1, 'settings stay reachable');
  assert.deepEqual(await stateSeenByGateway(context),
    ONLY_NECESSARY);
  assert.equal(lastRecordOf(await receiptOf(page)).method, 'form');
  await context.close();
});

// The consent state as the gateway gives it to this visitor, once it shows `wanted`.
async function stateOnceReloaded(context, wanted) {
  for (let waited = 0; ; waited += 100) {
    const state = await (await context.request.get(base + '/__tact/consent')).json();
    if (wanted(state)) return state;
    assert.ok(waited < 10000, 'the gateway took in the policy within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Runs `during(before, after)` (the EU policy's consent states before and
// after) while the EU policy is edited by `edit` and reloaded (SIGHUP), as
// a compliance officer and an operator would while visitors have pages open;
// then puts the policy back and waits until the gateway has taken it in.
async function withEuPolicyEdited(edit, during) {
  const file = join(workDir, 'policies', 'eu-gdpr.json');
  const original = readFileSync(file, 'utf8');
  const probe = await visitor();
  const before = await stateOnceReloaded(probe.context, () => true);
  try {
    const edited = JSON.parse(original);
    edit(edited);
    writeFileSync(file, JSON.stringify(edited, null, 2));
    gateway.child.kill('SIGHUP');
    await during(before,
      await stateOnceReloaded(probe.context, (s) => s.policy_hash !== before.policy_hash));
  } finally {
    writeFileSync(file, original);
    gateway.child.kill('SIGHUP');
    await stateOnceReloaded(probe.context, (s) => s.policy_hash === before.policy_hash);
    await probe.context.close();
  }
}

function describePurpose(id, text) {
  return (policy) => { policy.purposes.find((p) => p.id === id).description.en = text; };
}

scenario('a policy edited by a reload while the banner is open is shown before any consent counts', async () => {
  const { context, page } = await visitor();
  await page.goto(base + '/');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const reworded = 'Edited while the banner was open: content shaped by earlier visits.';
  await withEuPolicyEdited(describePurpose('personalization', reworded), async (before, after) => {
    // Accepting on the old banner records nothing: it shows the new policy
    // on the same layer, says why, and asks again.
    await dialog.evaluate((node) => node.setAttribute('data-old-banner', ''));
    const answer = page.waitForResponse((r) => r.url() === base + '/__tact/consent' &&
      r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Accept all' }).click();
    assert.equal((await answer).status(), 409);
    const renewed = page.locator('[role="dialog"]:not([data-old-banner])');
    await renewed.getByRole('alert').getByText('changed since this page loaded').waitFor();
    assert.equal(await consentCookie(context), undefined, 'nothing recorded from the old banner');
    await renewed.getByRole('button', { name: 'Choose' }).click();
    await renewed.getByText(reworded).waitFor();

    await renewed.getByRole('button', { name: 'Accept all' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const record = lastRecordOf(await receiptOf(page));
    assert.equal(record.policy_hash, after.policy_hash, 'recorded under the policy it showed');
    assert.notEqual(record.policy_hash, before.policy_hash);
  });
  await context.close();
});

scenario('without JavaScript a consent on a form whose policy changed is asked again on a page of its own', async () => {
  const { context, page, panel } = await noScriptVisitorOn('/product.html');
  const reworded = 'Edited while the form was open: counts visits.';
  await withEuPolicyEdited(describePurpose('analytics', reworded), async (before, after) => {
    await panel.getByRole('button', { name: 'Accept all' }).click();
    await page.getByRole('alert').getByText('changed since this page loaded').waitFor();
    assert.equal(await consentCookie(context), undefined, 'nothing recorded from the old form');
    assert.ok(await page.getByText(reworded).count() > 0, 'the page shows the new policy');
    assert.equal(await page.getByRole('link', { name: 'Back to the page' }).getAttribute('href'),
      '/product.html');
    await page.screenshot({ path: join(artifacts, 'noscript-choose-again.png') });

    await page.locator('section.tact-noscript-panel').getByRole('button', { name: 'Accept all' }).click();
    await page.waitForURL(base + '/product.html');
    const record = lastRecordOf(await receiptOf(page));
    assert.equal(record.method, 'form');
    assert.equal(record.policy_hash, after.policy_hash, 'recorded under the policy it showed');
  });
  await context.close();
});

if (only && !declared.includes(only)) {
  test(`the scenario "${only}" exists`, () => assert.fail(`no scenario is named "${only}"`));
}
