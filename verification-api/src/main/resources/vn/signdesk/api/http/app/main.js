// SignDesk's page: sign in, then the desks the caller's role may use (verify; OCR and certify;
// sign), in Vietnamese first with an English switch.

import { apply, lang, onLangChange, setLang, t } from './i18n.js';
import { onUnauthorized, render as renderError } from './errors.js';
import { initSignIn, resume, signOut } from './signin.js';
import { initVerify } from './verify.js';
import { initOcr } from './ocr.js';
import { initSign } from './sign.js';
import { credential } from './api.js';

const $ = (id) => document.getElementById(id);
const DESKS = ['verify', 'ocr', 'sign'];

let caller = null;

function showLanguageButton() {
  const button = $('lang');
  button.textContent = t('lang.switch');
  button.lang = lang() === 'vi' ? 'en' : 'vi';
  button.setAttribute('aria-label', t('lang.switchName'));
}

function showCaller() {
  $('role-name').textContent = t(`role.${caller.role}`) === `role.${caller.role}` ? caller.role : t(`role.${caller.role}`);
}

function signedIn(c) {
  caller = c;
  $('signin').hidden = true;
  $('desks').hidden = false;
  $('who').hidden = false;
  showCaller();
  for (const desk of DESKS) {
    $(`tab-${desk}`).hidden = !caller.operations.includes(desk);
  }
  initVerify(caller);
  if (caller.operations.includes('ocr')) {
    initOcr(caller);
  }
  if (caller.operations.includes('sign')) {
    initSign(caller);
  }
  select('verify', false);
}

function visibleTabs() {
  return DESKS.map((d) => $(`tab-${d}`)).filter((tab) => !tab.hidden);
}

function select(desk, focusHeading = true) {
  for (const d of DESKS) {
    const on = d === desk;
    const tab = $(`tab-${d}`);
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    $(d).hidden = !on;
  }
  if (focusHeading) {
    $(desk).querySelector('h2').focus();
  }
}

function wireTabs() {
  for (const desk of DESKS) {
    $(`tab-${desk}`).addEventListener('click', () => select(desk));
  }
  // arrow keys move between tabs (WAI-ARIA Authoring Practices, tabs with automatic activation)
  $('tabs').addEventListener('keydown', (event) => {
    const tabs = visibleTabs();
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) {
      return;
    }
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    select(tab.id.replace('tab-', ''), false);
    tab.focus();
  });
}

async function start() {
  apply();
  showLanguageButton();
  $('lang').addEventListener('click', () => setLang(lang() === 'vi' ? 'en' : 'vi'));
  onLangChange(() => {
    showLanguageButton();
    renderError();
    if (caller) {
      showCaller();
    }
  });
  $('sign-out').addEventListener('click', signOut);
  onUnauthorized(() => {
    if (credential.present()) {
      credential.clear();
      caller = null;
      $('desks').hidden = true;
      $('who').hidden = true;
      $('signin').hidden = false;
    }
  });
  wireTabs();
  initSignIn(signedIn);
  if (!(await resume(signedIn))) {
    $('api-key').focus();
  }
}

start();
