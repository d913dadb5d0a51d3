// The sign desk (department): a profile the role may use, a level, visible or not, one PDF or
// several; each result to download. The role's profiles come from GET /v1/me, so a role is never
// offered a seal it may not use (and the service refuses it anyway: 403).

import * as api from './api.js';
import { lang, onLangChange, t } from './i18n.js';
import { checkFile, derivedName, download, dropZone, el, formatBytes } from './dom.js';
import { clearError, sentence, showError } from './errors.js';

let caller = null;
let chosen = [];
let results = [];

const $ = (id) => document.getElementById(id);

/** Wires the sign desk for a signed-in caller. */
export function initSign(c) {
  caller = c;
  const form = $('sign-form');
  if (!form.dataset.wired) {
    form.dataset.wired = 'true';
    dropZone($('sign-files'), $('sign-drop'), (files) => {
      chosen = files;
      showChosen();
    });
    $('sign-profile').addEventListener('change', fillLevels);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      signChosen();
    });
    $('sign-all').addEventListener('click', () => results.filter((r) => r.blob).forEach((r) => download(r.blob, r.name)));
    onLangChange(() => {
      fillProfiles();
      showChosen();
      drawResults();
    });
  }
  chosen = [];
  results = [];
  fillProfiles();
  showChosen();
  drawResults();
}

function fillProfiles() {
  const select = $('sign-profile');
  const keep = select.value;
  select.replaceChildren(
    ...caller.profiles.map((p) => el('option', { value: p.name }, `${t(`appearance.${p.appearance}`)} — ${p.name}`)),
  );
  if (caller.profiles.some((p) => p.name === keep)) {
    select.value = keep;
  }
  fillLevels();
  $('sign-limit').textContent = t('limit.pdf', {
    size: formatBytes(caller.limits.maxUploadBytes),
    pages: caller.limits.maxPages,
  });
}

function fillLevels() {
  const profile = caller.profiles.find((p) => p.name === $('sign-profile').value);
  const select = $('sign-level');
  const keep = select.value;
  select.replaceChildren(
    ...caller.levels.map((level) =>
      el('option', { value: level }, profile && level === profile.level ? t('sign.levelDefault', { level }) : level),
    ),
  );
  select.value = caller.levels.includes(keep) ? keep : profile?.level || caller.levels[caller.levels.length - 1];
}

function showChosen() {
  $('sign-chosen').textContent =
    chosen.length === 0 ? '' : t('sign.chosen', { n: chosen.length, names: chosen.map((f) => f.name).join(', ') });
}

/**
 * Signs each file and hands each outcome to onResult as it comes: {file, blob} or {file, error}.
 *
 * One POST /v1/sign per file, one after another. When the batch route (POST /v1/sign/batch: a job
 * with its state, results and a ZIP) is available, this is the one function to change: submit the
 * files as one job, poll it, and hand each file's result to onResult the same way.
 */
export async function signAll(files, options, onResult) {
  for (const file of files) {
    try {
      await checkFile(file, {
        maxBytes: caller.limits.maxUploadBytes,
        maxPages: caller.limits.maxPages,
        types: ['application/pdf'],
        accepted: 'PDF',
      });
      onResult({ file, blob: await api.sign(file, options) });
    } catch (error) {
      onResult({ file, error });
    }
  }
}

async function signChosen() {
  clearError();
  if (chosen.length === 0) {
    $('sign-status').textContent = t('sign.none');
    $('sign-files').focus();
    return;
  }
  const files = chosen;
  const options = { profile: $('sign-profile').value, level: $('sign-level').value, visible: $('sign-visible').checked };
  const submit = $('sign-submit');
  submit.disabled = true;
  results = [];
  drawResults();
  let i = 0;
  $('sign-status').textContent = t('sign.working', { i: 1, n: files.length, name: files[0].name });
  try {
    await signAll(files, options, ({ file, blob, error }) => {
      i++;
      const suffix = lang() === 'vi' ? '-da-ky.pdf' : '-signed.pdf';
      results.push({ file, blob, error, name: derivedName(file.name, suffix) });
      drawResults();
      if (error) {
        showError(error);
      }
      if (i < files.length) {
        $('sign-status').textContent = t('sign.working', { i: i + 1, n: files.length, name: files[i].name });
      }
    });
    $('sign-status').textContent = t('sign.done', { ok: results.filter((r) => r.blob).length, n: files.length });
  } finally {
    submit.disabled = false;
    chosen = [];
    $('sign-files').value = '';
    showChosen();
  }
}

function drawResults() {
  const list = $('sign-results');
  for (const a of list.querySelectorAll('a[href^="blob:"]')) {
    URL.revokeObjectURL(a.href);
  }
  list.replaceChildren(
    ...results.map((r) => {
      const item = el('li', { 'data-outcome': r.blob ? 'signed' : 'failed' }, el('span', { class: 'file-name' }, r.file.name), ' — ');
      if (r.blob) {
        item.append(
          el('span', { class: 'ok' }, t('sign.ok')),
          el('a', { href: URL.createObjectURL(r.blob), download: r.name }, t('sign.download', { name: r.name })),
        );
      } else {
        item.append(el('span', { class: 'failed' }, `${t('sign.failed')}: ${sentence(r.error)}`));
      }
      return item;
    }),
  );
  $('sign-all').hidden = results.filter((r) => r.blob).length < 2;
}
