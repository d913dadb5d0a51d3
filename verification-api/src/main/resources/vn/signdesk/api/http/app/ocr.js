// The OCR and certify desk (branch): a scan in, a progress bar from the job's pagesDone and
// pagesTotal, each page's confidence, the text to read and copy, the searchable PDF/A, and the
// electronic copy certified with the branch's key, downloaded and checked in one click.

import * as api from './api.js';
import { lang, onLangChange, t } from './i18n.js';
import { checkFile, derivedName, download, dropZone, el, formatBytes } from './dom.js';
import { clearError, showError } from './errors.js';
import { verifyInto } from './verify.js';

const POLL_MS = 400;
const SCAN_TYPES = ['application/pdf', 'image/tiff', 'image/png', 'image/jpeg'];

let caller = null;
let job = null;
let generation = 0;

const $ = (id) => document.getElementById(id);

/** Wires the OCR desk for a signed-in caller. */
export function initOcr(c) {
  caller = c;
  const input = $('ocr-file');
  if (!input.dataset.wired) {
    input.dataset.wired = 'true';
    dropZone(input, $('ocr-drop'), ([file]) => recognise(file, input));
    $('ocr-copy').addEventListener('click', copyText);
    $('ocr-pdf').addEventListener('click', downloadPdf);
    $('ocr-certify').addEventListener('click', certify);
    onLangChange(() => {
      showLimit();
      drawProgress();
      if (job?.status?.state === 'done') {
        drawPages();
      }
    });
  }
  showLimit();
}

function showLimit() {
  if (caller) {
    $('ocr-limit').textContent = t('limit.scan', {
      size: formatBytes(caller.limits.maxScanBytes),
      pages: caller.limits.maxScanPages,
    });
  }
}

async function recognise(file, input) {
  const run = ++generation;
  clearError();
  job = { id: null, name: file.name, status: null, text: '' };
  $('ocr-result').hidden = true;
  $('ocr-verify').replaceChildren();
  $('ocr-action-status').textContent = '';
  try {
    const mediaType = await checkFile(file, {
      maxBytes: caller.limits.maxScanBytes,
      maxPages: caller.limits.maxScanPages,
      types: SCAN_TYPES,
      accepted: 'PDF, TIFF, PNG, JPEG',
    });
    $('ocr-progress-box').hidden = false;
    $('ocr-progress').removeAttribute('value');
    $('ocr-progress-text').textContent = t('ocr.sending', { name: file.name });
    job.id = await api.submitOcr(file, mediaType);
    for (;;) {
      const status = await api.ocrJob(job.id);
      if (run !== generation) {
        return; // another scan was chosen meanwhile
      }
      job.status = status;
      drawProgress();
      if (status.state === 'done' || status.state === 'failed') {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    if (job.status.state === 'done') {
      job.text = await api.ocrText(job.id);
      if (run === generation) {
        drawResult();
      }
    }
  } catch (error) {
    if (run === generation) {
      $('ocr-progress-box').hidden = true;
      showError(error);
    }
  } finally {
    input.value = '';
  }
}

function drawProgress() {
  if (!job?.status) {
    return;
  }
  const { state, pagesDone, pagesTotal } = job.status;
  const progress = $('ocr-progress');
  const text = $('ocr-progress-text');
  if (pagesTotal > 0) {
    progress.max = pagesTotal;
    progress.value = Math.min(pagesDone, pagesTotal);
  } else {
    progress.removeAttribute('value');
  }
  if (state === 'queued') {
    text.textContent = t('ocr.queued');
  } else if (state === 'running') {
    text.textContent = pagesTotal > 0 ? t('ocr.running', { done: pagesDone, total: pagesTotal }) : t('ocr.runningUnknown');
  } else if (state === 'done') {
    text.textContent = t('ocr.doneStatus', { total: pagesTotal });
  } else {
    text.textContent = t('ocr.failed', { error: job.status.error || '' });
  }
}

function drawPages() {
  const rows = (job.status.pages || []).map((p) =>
    el(
      'tr',
      {},
      el('td', {}, String(p.page)),
      el('td', {}, `${Number(p.confidence).toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })} %`),
      el('td', {}, t(`ocr.source.${p.source}`)),
    ),
  );
  $('ocr-pages').tBodies[0].replaceChildren(...rows);
}

function drawResult() {
  drawPages();
  $('ocr-text').value = job.text.replace(/\f/g, '\n\n');
  $('ocr-result').hidden = false;
  // the certify button only where the role has a copy-stamp profile (a branch, or the admin)
  $('ocr-certify').hidden = !copyProfile();
}

function copyProfile() {
  return caller.profiles.find((p) => p.appearance === 'copy-stamp')?.name;
}

async function copyText() {
  const area = $('ocr-text');
  try {
    await navigator.clipboard.writeText(area.value);
  } catch {
    area.select();
    document.execCommand('copy');
  }
  $('ocr-action-status').textContent = t('ocr.copied');
}

async function downloadPdf() {
  await busy($('ocr-pdf'), async () => {
    const name = derivedName(job.name, lang() === 'vi' ? '-pdfa.pdf' : '-searchable.pdf');
    download(await api.ocrPdf(job.id), name);
    $('ocr-action-status').textContent = t('ocr.downloaded', { name });
  });
}

async function certify() {
  await busy($('ocr-certify'), async () => {
    $('ocr-action-status').textContent = t('ocr.certifying');
    $('ocr-verify').replaceChildren();
    const blob = await api.certifyCopy(job.id, copyProfile());
    const name = derivedName(job.name, lang() === 'vi' ? '-ban-sao-dien-tu.pdf' : '-certified-copy.pdf');
    download(blob, name);
    await verifyInto($('ocr-verify'), new File([blob], name, { type: 'application/pdf' }));
    $('ocr-action-status').textContent = t('ocr.certified', { name });
  });
}

async function busy(button, work) {
  clearError();
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    $('ocr-action-status').textContent = '';
    showError(error);
  } finally {
    button.disabled = false;
  }
}
