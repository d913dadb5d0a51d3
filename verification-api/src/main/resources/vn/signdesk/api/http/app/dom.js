// Small helpers of the page: building elements, downloads, sizes and times for people, drop
// zones, and the checks made on a file before it is sent.

import { ApiError } from './api.js';
import { t } from './i18n.js';

/** An element with attributes and children (strings become text, never HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

/** Saves a blob as a file the browser downloads. */
export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // the download has its own copy once it started
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name with its extension replaced: 'don.pdf', '-da-ky.pdf' -> 'don-da-ky.pdf'. */
export function derivedName(fileName, suffix) {
  const base = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'tai-lieu';
  return `${base}${suffix}`;
}

/** A size for people: 1.5 MB. */
export function formatBytes(n) {
  if (n < 1024) {
    return t('unit.B', { n });
  }
  if (n < 1024 * 1024) {
    return t('unit.KiB', { n: Math.round(n / 1024) });
  }
  return t('unit.MiB', { n: Math.round((n / (1024 * 1024)) * 10) / 10 });
}

/**
 * A time of a report (ISO 8601 at +07:00) as people at the counter read it: 14:05:09 20/05/2025
 * (+07:00). The text is taken as written, not converted: it is already Vietnam's time.
 */
export function formatTime(iso) {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?$/.exec(iso || '');
  if (!m) {
    return iso || '';
  }
  const zone = m[7] === 'Z' ? 'UTC' : m[7] || '';
  return `${m[4]}:${m[5]}:${m[6]} ${m[3]}/${m[2]}/${m[1]}${zone ? ` (${zone})` : ''}`;
}

/**
 * A lower bound of a PDF's page count, read from its bytes: the page objects written in the open.
 * Pages inside compressed object streams are not seen, so the service's own count decides; this
 * only refuses early a file that is plainly over the bound.
 */
export async function pagesAtLeast(file) {
  const text = new TextDecoder('latin1').decode(await file.arrayBuffer());
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return pages ? pages.length : 0;
}

/**
 * Checks a file before it is sent: its kind, size and, for a PDF, a lower bound of its pages.
 *
 * @throws ApiError of a local-* type
 */
export async function checkFile(file, { maxBytes, maxPages, types, accepted }) {
  const mediaType = mediaTypeOf(file);
  if (!types.includes(mediaType)) {
    throw new ApiError({ type: 'local-wrong-type', params: { name: file.name, accepted } });
  }
  if (file.size > maxBytes) {
    throw new ApiError({
      type: 'local-too-large',
      params: { name: file.name, size: formatBytes(file.size), max: formatBytes(maxBytes) },
    });
  }
  if (mediaType === 'application/pdf') {
    const pages = await pagesAtLeast(file);
    if (pages > maxPages) {
      throw new ApiError({ type: 'local-too-many-pages', params: { name: file.name, pages, max: maxPages } });
    }
  }
  return mediaType;
}

const BY_EXTENSION = {
  pdf: 'application/pdf',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

/** The media type of a chosen file: the browser's, or the one its extension names. */
export function mediaTypeOf(file) {
  if (file.type && Object.values(BY_EXTENSION).includes(file.type)) {
    return file.type;
  }
  const ext = (file.name.split('.').pop() || '').toLowerCase();
  return BY_EXTENSION[ext] || file.type || 'application/octet-stream';
}

/**
 * Makes a file input's label a drop zone: files dropped on it, or chosen with the input, go to
 * onFiles. The input stays the control a keyboard or screen reader uses.
 */
export function dropZone(input, zone, onFiles) {
  input.addEventListener('change', () => {
    if (input.files && input.files.length > 0) {
      onFiles([...input.files]);
    }
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const files = [...(event.dataTransfer?.files || [])];
    if (files.length > 0) {
      onFiles(input.multiple ? files : files.slice(0, 1));
    }
  });
}
