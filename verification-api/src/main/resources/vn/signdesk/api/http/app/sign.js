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

/** How often a batch's state is asked for while it runs. */
const POLL_MS = 500;
/** What a multipart part costs beyond its file (boundary and headers), counted generously. */
const PART_OVERHEAD = 1024;
/** The most documents one batch takes (the service's bound). */
const MAX_BATCH = 100;

/**
 * Signs each file and hands each outcome to onResult as it comes: {file, blob} or {file, error}.
 *
 * Files are checked against the limits first. One file is signed by POST /v1/sign; several go as
 * batch jobs (POST /v1/sign/batch), as many files to a batch as fit in one upload, each batch polled
 * and each document handed over as soon as it is signed.
 */
export async function signAll(files, options, onResult) {
  const accepted = [];
  for (const file of files) {
    try {
      await checkFile(file, {
        maxBytes: caller.limits.maxUploadBytes,
        maxPages: caller.limits.maxPages,
        types: ['application/pdf'],
        accepted: 'PDF',
      });
      accepted.push(file);
    } catch (error) {
      onResult({ file, error });
    }
  }
  for (const group of batches(accepted, caller.limits.maxUploadBytes)) {
    if (group.length === 1) {
      try {
        onResult({ file: group[0], blob: await api.sign(group[0], options) });
      } catch (error) {
        onResult({ file: group[0], error });
      }
    } else {
      await signBatch(group, options, onResult);
    }
  }
}

/** The files in upload-sized groups, in their order. */
function batches(files, maxBytes) {
  const groups = [];
  let group = [];
  let bytes = PART_OVERHEAD;
  for (const file of files) {
    const cost = file.size + PART_OVERHEAD;
    if (group.length > 0 && (group.length === MAX_BATCH || bytes + cost > maxBytes)) {
      groups.push(group);
      group = [];
      bytes = PART_OVERHEAD;
    }
    group.push(file);
    bytes += cost;
  }
  if (group.length > 0) {
    groups.push(group);
  }
  return groups;
}

/** One batch job: submitted, polled, each document handed to onResult once it is settled. */
async function signBatch(files, options, onResult) {
  let handed = 0;
  try {
    const id = await api.submitBatch(files, options);
    for (;;) {
      const status = await api.batchJob(id);
      for (const document of status.documents.slice(handed)) {
        if (document.state === 'waiting') {
          break;
        }
        const file = files[document.n - 1];
        if (document.state === 'signed') {
          onResult({ file, blob: await api.batchDocument(id, document.n) });
        } else {
          onResult({ file, error: api.batchDocumentError(document, id) });
        }
        handed++;
      }
      if (status.state === 'failed') {
        throw new api.ApiError({ status: 500, type: 'internal-error', detail: status.error || '' });
      }
      if (handed === files.length) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    for (const file of files.slice(handed)) {
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
