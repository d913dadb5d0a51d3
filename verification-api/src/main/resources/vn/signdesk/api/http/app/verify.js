// The verify desk (every role): a PDF in, the verdict in plain words and colour, each signature
// explained, the pages with each visible signature's box, and the report as PDF or HTML.
// renderVerification is also used by the OCR desk to show the check of a certified copy.

import * as api from './api.js';
import { has, lang, onLangChange, t } from './i18n.js';
import { checkFile, derivedName, download, dropZone, el, formatBytes, formatTime } from './dom.js';
import { clearError, showError } from './errors.js';

const VERDICT_CLASS = {
  TOTAL_PASSED: 'valid',
  TOTAL_FAILED: 'invalid',
  INDETERMINATE: 'indeterminate',
  NO_SIGNATURE: 'none',
};

/** What each container shows, so a language switch can redraw it. */
const shown = new Map();

let limits = null;

/** Wires the verify desk for a signed-in caller. */
export function initVerify(caller) {
  limits = caller.limits;
  const input = document.getElementById('verify-file');
  const zone = document.getElementById('verify-drop');
  if (!input.dataset.wired) {
    input.dataset.wired = 'true';
    dropZone(input, zone, ([file]) => verifyFile(file, input));
    onLangChange(() => {
      showLimit();
      for (const [container, view] of shown) {
        draw(container, view);
      }
    });
  }
  showLimit();
}

function showLimit() {
  if (limits) {
    document.getElementById('verify-limit').textContent = t('limit.pdf', {
      size: formatBytes(limits.maxUploadBytes),
      pages: limits.maxPages,
    });
  }
}

async function verifyFile(file, input) {
  const status = document.getElementById('verify-status');
  const result = document.getElementById('verify-result');
  clearError();
  result.replaceChildren();
  shown.delete(result);
  status.textContent = t('verify.working', { name: file.name });
  try {
    await checkFile(file, {
      maxBytes: limits.maxUploadBytes,
      maxPages: limits.maxPages,
      types: ['application/pdf'],
      accepted: 'PDF',
    });
    await verifyInto(result, file);
    status.textContent = t('verify.done', { name: file.name });
  } catch (error) {
    status.textContent = '';
    showError(error);
  } finally {
    input.value = '';
  }
}

/** Verifies a PDF (a File or Blob with a name) and shows the result in the container. */
export async function verifyInto(container, file) {
  const [report, pages] = await Promise.all([
    api.verify(file, lang()),
    // the picture of the pages is a help, not the verdict: without it the report still stands
    api.signaturePages(file).catch(() => null),
  ]);
  const view = { file, report, pages };
  shown.set(container, view);
  draw(container, view);
}

function draw(container, { file, report, pages }) {
  container.replaceChildren(
    verdict(report, file),
    reportButtons(file),
    pagesView(report, pages),
    ...report.signatures.map((s, i) => signatureCard(s, i + 1)),
  );
}

function signatureLabel(signature, number) {
  return t(signature.documentTimestamp ? 'sig.timestamp' : 'sig.signature', { n: number });
}

function subIndicationText(code) {
  if (!code) {
    return '';
  }
  return has(`sub.${code}`) ? t(`sub.${code}`) : code;
}

function verdict(report, file) {
  const kind = VERDICT_CLASS[report.verdict] || 'indeterminate';
  const box = el(
    'div',
    { class: `verdict ${kind}`, 'data-verdict': report.verdict },
    el('h3', {}, t(`verdict.${report.verdict}`)),
    el('p', {}, t(`verdict.${report.verdict}.text`)),
    el('p', { class: 'file' }, t('verify.file', { name: file.name })),
  );
  const reasons = [];
  report.signatures.forEach((s, i) => {
    if (s.indication !== 'TOTAL_PASSED') {
      const words = [subIndicationText(s.subIndication), (s.messages?.[lang()] || [])[0]].filter(Boolean);
      reasons.push(el('li', {}, `${signatureLabel(s, i + 1)}: ${words.join('. ')}`));
    }
  });
  if (reasons.length > 0) {
    box.append(el('p', {}, el('strong', {}, t('verdict.why'))), el('ul', { class: 'why' }, reasons));
  }
  if (report.signatures.length > 0) {
    box.append(el('p', {}, t('verdict.count', { n: report.signatures.length })));
  }
  return box;
}

function reportButtons(file) {
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const button = (format, key) => {
    const b = el('button', { type: 'button', class: 'secondary', 'data-report': format }, t(key));
    b.addEventListener('click', async () => {
      b.disabled = true;
      status.textContent = t('report.working');
      try {
        const blob = await api.verificationReport(file, format, lang());
        const name = derivedName(file.name, `-${lang() === 'vi' ? 'bao-cao' : 'report'}.${format}`);
        download(blob, name);
        status.textContent = t('report.done', { name });
      } catch (error) {
        status.textContent = '';
        showError(error);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };
  return el('div', {}, el('div', { class: 'actions' }, button('pdf', 'report.pdf'), button('html', 'report.html')), status);
}

function pagesView(report, pages) {
  if (!pages || report.signatures.length === 0) {
    return el('div');
  }
  const section = el('div', { class: 'page-preview' }, el('h3', {}, t('pages.title')));
  if (pages.pages.length === 0) {
    section.append(el('p', { class: 'hint' }, t('pages.none')));
    return section;
  }
  const list = el('div', { class: 'pages' });
  for (const page of pages.pages) {
    const sheet = el('div', { class: 'sheet' }, el('img', {
      src: page.image,
      width: page.width,
      height: page.height,
      alt: t('pages.image', { n: page.page }),
    }));
    for (const signature of pages.signatures) {
      const label = signatureLabel(signature, signature.number);
      for (const b of signature.boxes.filter((x) => x.page === page.page)) {
        const box = el(
          'div',
          { class: 'sig-box', role: 'img', 'aria-label': t('pages.box', { label, page: page.page }) },
          el('span', { class: 'num', 'aria-hidden': 'true' }, String(signature.number)),
        );
        // positions through the CSSOM, which the page's Content-Security-Policy allows (no inline style)
        box.style.left = `${b.left * 100}%`;
        box.style.top = `${b.top * 100}%`;
        box.style.width = `${b.width * 100}%`;
        box.style.height = `${b.height * 100}%`;
        sheet.append(box);
      }
    }
    list.append(el('figure', { class: 'page' }, sheet, el('figcaption', {}, t('pages.page', { n: page.page }))));
  }
  section.append(list);
  if (pages.pagesLeftOut > 0) {
    section.append(el('p', { class: 'hint' }, t('pages.leftOut', { n: pages.pagesLeftOut })));
  }
  return section;
}

/** The common name of a distinguished name, or the name as it is. */
function commonName(dn) {
  const m = /(?:^|,\s*)CN=((?:\\,|[^,])+)/.exec(dn || '');
  return m ? m[1].replace(/\\,/g, ',') : dn || t('sig.unknown');
}

function yesNo(value, yesKey, noKey) {
  return el('span', { class: value ? 'yes' : 'no' }, t(value ? yesKey : noKey));
}

function levelText(level) {
  if (!level) {
    return t('sig.unknown');
  }
  const m = /BASELINE-(B|T|LT|LTA)$/.exec(level);
  return m ? `${level} (${t(`level.B-${m[1]}`)})` : level;
}

function revocationText(revocation) {
  if (!revocation) {
    return t('sig.unknown');
  }
  const parts = [t(`revocation.${revocation.status}`)];
  if (revocation.source) {
    parts.push(t('revocation.source', { source: has(`source.${revocation.source}`) ? t(`source.${revocation.source}`) : revocation.source }));
  }
  if (revocation.cached) {
    parts.push(t('revocation.cached'));
  }
  return parts.join(' — ');
}

function signatureCard(s, number) {
  const kind = VERDICT_CLASS[s.indication] || 'indeterminate';
  const label = signatureLabel(s, number);
  const facts = el('dl', { class: 'facts' });
  const fact = (key, value) => facts.append(el('dt', {}, t(key)), el('dd', {}, value));
  fact(s.documentTimestamp ? 'sig.tsa' : 'sig.signer', s.signer?.commonName || t('sig.unknown'));
  if (!s.documentTimestamp) {
    fact('sig.organization', s.signer?.organization || t('sig.unknown'));
    fact('sig.claimed', s.claimedSigningTime ? formatTime(s.claimedSigningTime) : t('sig.unknown'));
  }
  fact(
    'sig.proven',
    s.provenSigningTime
      ? t('sig.provenBy', { time: formatTime(s.provenSigningTime), tsa: s.timestampedBy || t('sig.unknown') })
      : t('sig.notProven'),
  );
  fact('sig.level', levelText(s.level));
  fact('sig.intact', yesNo(s.intact, 'sig.intact.yes', 'sig.intact.no'));
  fact('sig.covers', yesNo(s.coversWholeDocument, 'sig.covers.yes', 'sig.covers.no'));
  const changesOk = s.changesAfterSigning === 'NONE' || s.changesAfterSigning === 'LTA_UPDATES';
  fact('sig.changes', el('span', { class: changesOk ? 'yes' : 'no' }, t(`changes.${s.changesAfterSigning}`)));
  if (!s.documentTimestamp) {
    fact('sig.revocation', revocationText(s.revocation));
  }
  const anchor = (s.chain || []).find((c) => c.trusted);
  fact('sig.trust', anchor ? t('sig.trustFrom', { name: commonName(anchor.subject) }) : t('sig.noTrust'));

  const chain = el(
    'ol',
    { class: 'chain' },
    (s.chain || []).map((c) =>
      el(
        'li',
        {},
        el('strong', {}, commonName(c.subject)),
        ` — ${t('chain.issuer', { issuer: commonName(c.issuer) })}; `,
        t('chain.valid', { from: formatTime(c.notBefore), to: formatTime(c.notAfter) }),
        c.serial ? `; ${t('sig.serial', { serial: c.serial })}` : '',
        c.trusted ? el('span', { class: 'trusted' }, ` (${t('chain.trusted')})`) : '',
      ),
    ),
  );
  const messages = s.messages?.[lang()] || [];
  return el(
    'article',
    { class: `signature ${kind}`, 'data-indication': s.indication },
    el('h4', {}, label, el('span', { class: `badge ${kind}` }, t(`indication.${s.indication}`))),
    facts,
    s.subIndication ? el('p', {}, t('sig.subIndication', { code: s.subIndication }), ` — ${subIndicationText(s.subIndication)}`) : '',
    messages.length > 0 ? el('h5', {}, t('sig.messages')) : '',
    messages.length > 0 ? el('ul', { class: 'messages' }, messages.map((m) => el('li', {}, m))) : '',
    (s.chain || []).length > 0 ? el('h5', {}, t('sig.chain')) : '',
    chain,
  );
}
