// Tact's consent banner and preference centre.
//
// Served by the gateway on the site's own origin and loaded with `defer`;
// no framework, no third-party request, no inline script or style (a
// Content-Security-Policy of 'self' keeps working). Every text comes from
// GET /__tact/consent in the visitor's language; choices go back to the same
// endpoint, which records them durably before it answers.
(() => {
  'use strict';

  const ENDPOINT = '/__tact/consent';
  let state = null;       // the last answer of the consent endpoint
  let root = null;        // everything this script adds to the page
  let dialog = null;      // the open dialog, or null
  let returnFocus = null; // what had the focus before the dialog opened
  let blocking = false;   // opened because no choice is recorded yet
  let layerShown = null;  // 'first' or 'preferences', while the dialog is open
  let staleInARow = 0;    // consents refused in a row as given on an outdated banner

  // A small element builder: el('p', {class: 'x'}, 'text', child, ...).
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child);
    }
    return node;
  }

  const t = (key) => state.ui.texts[key] || key;

  async function readState() {
    const response = await fetch(ENDPOINT, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw new Error('consent state: ' + response.status);
    return response.json();
  }

  // What the visitor saw, so the consent record can prove it (the gateway
  // refuses a banner version or a policy it no longer serves: the state is
  // then read again and the banner shown anew).
  function shown(layer) {
    return {
      language: state.ui.language,
      ui_version: state.ui.version,
      policy_hash: state.policy_hash,
      layer,
    };
  }

  async function send(path, body, layer) {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status === 409) return askAgain(response, layer);
    staleInARow = 0;
    if (!response.ok) {
      showError('save_failed');
      return false;
    }
    state = await response.json();
    closeDialog();
    render();
    announce(t('saved'));
    return true;
  }

  // The banner's texts or the policy changed since this page loaded (a
  // reload, or the visitor now answers from another jurisdiction): nothing
  // was recorded. Show what applies now, on the same layer, and say why.
  // The refusal carries the current state, so a second gateway that has not
  // reloaded yet cannot keep the two apart; if it happens again anyway, say
  // that saving failed rather than ask forever.
  async function askAgain(response, layer) {
    try {
      const refusal = await response.json().catch(() => ({}));
      state = refusal.state || await readState();
    } catch {
      showError('save_failed');
      return false;
    }
    render();
    openDialog(layer, state.banner_required);
    showError(++staleInARow > 1 ? 'save_failed' : 'choose_again');
    return false;
  }

  function choose(answer, layer) {
    return send(ENDPOINT, Object.assign({}, answer, { shown: shown(layer) }), layer);
  }

  function withdraw() {
    return send(ENDPOINT + '/withdraw', { shown: shown('preferences') }, 'preferences');
  }

  function announce(message) {
    const status = root.querySelector('.tact-status');
    status.textContent = '';
    // A fresh text node, so screen readers announce it even if it repeats.
    setTimeout(() => { status.textContent = message; }, 50);
  }

  function showError(key) {
    const alert = dialog && dialog.querySelector('.tact-error');
    if (alert) alert.textContent = t(key);
  }

  // The persistent control: reachable on every page, so withdrawing is as
  // easy as giving (GDPR Art. 7(3)).
  function settingsButton() {
    const optOut = state.consent_model === 'opt-out';
    return el('button', {
      type: 'button',
      class: 'tact-settings-button',
      'aria-haspopup': 'dialog',
      onclick: () => {
        staleInARow = 0;
        openDialog('preferences', false);
      },
    }, optOut ? t('opt_out_link') : t('settings'));
  }

  function render() {
    if (root) root.remove();
    root = el('div', {
      class: 'tact-consent',
      lang: state.ui.language,
      dir: state.ui.dir,
      'data-tact-ui': state.ui.version,
    },
    settingsButton(),
    el('div', { class: 'tact-status', role: 'status', 'aria-live': 'polite' }));
    document.body.append(root);
  }

  function gpcNotice() {
    if (!state.gpc.sent || !state.gpc.honoured) return null;
    return el('p', { class: 'tact-gpc' }, t('gpc_honoured'));
  }

  function privacyNoticeLink() {
    if (!state.ui.privacy_notice) return null;
    return el('a', { class: 'tact-link', href: state.ui.privacy_notice }, t('privacy_notice'));
  }

  function firstLayerActions() {
    return el('div', { class: 'tact-actions' },
      el('button', { type: 'button', class: 'tact-button', 'data-tact-action': 'accept-all',
        onclick: () => choose({ all: 'granted' }, 'first') }, t('accept_all')),
      el('button', { type: 'button', class: 'tact-button', 'data-tact-action': 'reject-all',
        onclick: () => choose({ all: 'refused' }, 'first') }, t('reject_all')),
      el('button', { type: 'button', class: 'tact-button', 'data-tact-action': 'choose',
        onclick: () => showLayer('preferences') }, t('choose')));
  }

  // The gateway says how each switch starts ("ticked"): the visitor's own
  // answer, or, where the policy allows pre-ticked boxes, what counts now.
  // An unticked purpose that is in use until refused (opt-out) says so.
  function purposeNote(purpose) {
    if (purpose.required) return el('span', { class: 'tact-always-on' }, ' · ' + t('always_on'));
    if (purpose.on && !purpose.ticked) {
      return el('span', { class: 'tact-on-until-refused' }, ' · ' + t('on_until_refused'));
    }
    return null;
  }

  function purposeSwitch(purpose) {
    const id = 'tact-purpose-' + purpose.id;
    return el('div', { class: 'tact-purpose' },
      el('input', {
        type: 'checkbox', role: 'switch', id, name: purpose.id,
        checked: purpose.ticked, disabled: purpose.required,
        'aria-describedby': id + '-description',
      }),
      el('label', { for: id }, purpose.title, purposeNote(purpose)),
      el('p', { id: id + '-description', class: 'tact-description' }, purpose.description));
  }

  // A link to the receipt, never its id on the page: whatever records the
  // page (a session-replay script, a saved copy) would carry it off.
  function receipt() {
    if (!state.receipt) return null;
    return el('p', { class: 'tact-receipt' }, t('receipt') + ': ',
      el('a', { class: 'tact-link', href: ENDPOINT + '/receipt', download: 'consent-receipt.json' },
        t('receipt_download')));
  }

  function preferencesLayer() {
    const switches = state.purposes.map(purposeSwitch);
    const answers = () => {
      const purposes = {};
      for (const p of state.purposes) {
        if (p.required) continue;
        const box = dialog.querySelector('#tact-purpose-' + CSS.escape(p.id));
        purposes[p.id] = box.checked ? 'granted' : 'refused';
      }
      return { purposes };
    };
    // Only a grant can be withdrawn; under opt-out "Reject all" refuses the rest.
    const anyGranted = state.purposes.some((p) => !p.required && p.state === 'granted');
    return el('div', { class: 'tact-layer' },
      el('fieldset', { class: 'tact-purposes' },
        el('legend', {}, t('preferences_title')), ...switches),
      el('div', { class: 'tact-actions' },
        el('button', { type: 'button', class: 'tact-button', 'data-tact-action': 'save',
          onclick: () => choose(answers(), 'preferences') }, t('save')),
        el('button', { type: 'button', class: 'tact-button', 'data-tact-action': 'accept-all',
          onclick: () => choose({ all: 'granted' }, 'preferences') }, t('accept_all')),
        el('button', { type: 'button', class: 'tact-button', 'data-tact-action': 'reject-all',
          onclick: () => choose({ all: 'refused' }, 'preferences') }, t('reject_all'))),
      receipt(),
      anyGranted ? el('button', { type: 'button', class: 'tact-button tact-withdraw',
        'data-tact-action': 'withdraw', onclick: withdraw }, t('withdraw')) : null);
  }

  function showLayer(layer) {
    const body = dialog.querySelector('.tact-body');
    layerShown = layer;
    body.replaceChildren(layer === 'first' ? firstLayerActions() : preferencesLayer());
    const first = body.querySelector('input:not([disabled]), button');
    if (first) first.focus();
  }

  function openDialog(layer, isBlocking) {
    closeDialog();
    blocking = isBlocking;
    returnFocus = document.activeElement;
    const optOut = state.consent_model === 'opt-out';
    dialog = el('div', {
      class: 'tact-dialog' + (blocking ? ' tact-blocking' : ''),
      role: 'dialog', 'aria-modal': 'true',
      'aria-labelledby': 'tact-title', 'aria-describedby': 'tact-intro',
      tabindex: '-1',
      onkeydown: onKey,
    },
    el('h2', { id: 'tact-title', class: 'tact-title' }, t('title')),
    el('p', { id: 'tact-intro', class: 'tact-intro' }, optOut ? t('opt_out_intro') : t('intro')),
    gpcNotice(),
    el('div', { class: 'tact-body' }),
    el('p', { class: 'tact-error', role: 'alert' }),
    el('div', { class: 'tact-footer' },
      privacyNoticeLink(),
      blocking ? null : el('button', { type: 'button', class: 'tact-link-button',
        'data-tact-action': 'close', onclick: closeDialog }, t('close'))));
    const backdrop = el('div', { class: 'tact-backdrop' + (blocking ? ' tact-blocking' : '') },
      dialog);
    root.append(backdrop);
    showLayer(layer);
    if (layer === 'first') dialog.focus();
  }

  function closeDialog() {
    if (!dialog) return;
    dialog.parentElement.remove();
    dialog = null;
    const target = returnFocus && document.contains(returnFocus)
      ? returnFocus : root && root.querySelector('.tact-settings-button');
    if (target) target.focus();
  }

  function focusable() {
    return [...dialog.querySelectorAll('button, a[href], input:not([disabled])')]
      .filter((node) => node.offsetParent !== null);
  }

  // Focus stays in the dialog (Tab wraps around); Escape leaves it in the
  // least permissive state: a first-time banner records "Reject all", the
  // settings opened later close without changing anything.
  function onKey(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (blocking) choose({ all: 'refused' }, layerShown);
      else closeDialog();
      return;
    }
    if (event.key !== 'Tab') return;
    const nodes = focusable();
    if (nodes.length === 0) return;
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  async function start() {
    try {
      state = await readState();
    } catch (error) {
      return; // no banner is better than a broken page
    }
    render();
    if (state.banner_required) openDialog('first', true);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
