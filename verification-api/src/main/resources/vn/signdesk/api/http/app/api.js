// Calls to SignDesk's /v1 API from the page. The API key lives only in this tab's session storage
// and travels only in the Authorization header, never in a URL; with a TLS client certificate the
// browser presents it in the handshake and no header is sent. Every failure becomes an ApiError
// carrying the problem+json fields (RFC 9457) and the request id.

const KEY = 'signdesk.key';
const MODE = 'signdesk.auth';

/** A failed call: a problem from the service, a network failure, or a check made before sending. */
export class ApiError extends Error {
  constructor({ status = 0, type = 'network', title = '', detail = '', requestId = '', retryAfter = '', params = {} }) {
    super(title || type);
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
    this.params = params;
  }
}

/** The channel's credential for this tab. */
export const credential = {
  /** Whether the tab has signed in (with a key or with the client certificate). */
  present() {
    return sessionStorage.getItem(MODE) !== null;
  },
  /** Remembers the key for this tab. */
  useKey(key) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(MODE, 'key');
  },
  /** Signs in with the TLS client certificate the browser presents. */
  useCertificate() {
    sessionStorage.removeItem(KEY);
    sessionStorage.setItem(MODE, 'certificate');
  },
  /** Forgets the credential. */
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(MODE);
  },
};

function authorization(keyOrNull) {
  const key = keyOrNull ?? sessionStorage.getItem(KEY);
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** The kind of a problem type URI: https://signdesk.vn/problems/forbidden -> forbidden. */
function kind(typeUri) {
  const text = String(typeUri || '');
  return text.slice(text.lastIndexOf('/') + 1) || 'internal-error';
}

async function problemOf(response) {
  const requestId = response.headers.get('X-Request-Id') || '';
  const retryAfter = response.headers.get('Retry-After') || '';
  let problem = {};
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = {};
    }
  }
  return new ApiError({
    status: response.status,
    type: problem.type ? kind(problem.type) : `http-${response.status}`,
    title: typeof problem.title === 'string' ? problem.title : '',
    detail: typeof problem.detail === 'string' ? problem.detail : '',
    requestId: problem.requestId || requestId,
    retryAfter,
  });
}

/** One call; answers the response when it succeeded, throws an ApiError otherwise. */
async function call(method, path, { body, contentType, key } = {}) {
  const headers = authorization(key);
  if (contentType) {
    headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      cache: 'no-store',
      credentials: 'same-origin',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError({ type: 'network' });
  }
  if (!response.ok) {
    throw await problemOf(response);
  }
  return response;
}

/** The caller: role, operations, profiles, limits (GET /v1/me); with a key to try before keeping it. */
export async function me(keyOrNull = null) {
  return (await call('GET', '/v1/me', { key: keyOrNull })).json();
}

/** The JSON verification report of a PDF. */
export async function verify(file, language) {
  const r = await call('POST', `/v1/verify?report=json&lang=${language}`, { body: file, contentType: 'application/pdf' });
  return r.json();
}

/** The verification report as a PDF or HTML file, in the given language. */
export async function verificationReport(file, format, language) {
  const r = await call('POST', `/v1/verify?report=${format}&lang=${language}`, {
    body: file,
    contentType: 'application/pdf',
  });
  return r.blob();
}

/** The pages that carry a visible signature, with each signature's box (POST /v1/verify/pages). */
export async function signaturePages(file) {
  return (await call('POST', '/v1/verify/pages', { body: file, contentType: 'application/pdf' })).json();
}

/** Queues a scan for OCR; answers the job id. */
export async function submitOcr(file, mediaType) {
  const r = await call('POST', '/v1/ocr?lang=vie%2Beng', { body: file, contentType: mediaType });
  return (await r.json()).id;
}

/** The state and progress of an OCR job. */
export async function ocrJob(id) {
  return (await call('GET', `/v1/ocr/${encodeURIComponent(id)}`)).json();
}

/** The recognised text of a finished job. */
export async function ocrText(id) {
  return (await call('GET', `/v1/ocr/${encodeURIComponent(id)}/text`)).text();
}

/** The searchable PDF/A of a finished job. */
export async function ocrPdf(id) {
  return (await call('GET', `/v1/ocr/${encodeURIComponent(id)}/pdf`)).blob();
}

/** The job's PDF/A certified as an electronic copy with the given profile's key. */
export async function certifyCopy(id, profile) {
  const r = await call('POST', `/v1/ocr/${encodeURIComponent(id)}/certify?profile=${encodeURIComponent(profile)}`);
  return r.blob();
}

/** One PDF signed with a profile's key (POST /v1/sign). */
export async function sign(file, { profile, level, visible }) {
  const query = new URLSearchParams({ profile, level, visible: visible ? 'true' : 'false' });
  const r = await call('POST', `/v1/sign?${query}`, { body: file, contentType: 'application/pdf' });
  return r.blob();
}

/** PDFs queued as one batch to be signed with a profile's key (POST /v1/sign/batch); answers the job id. */
export async function submitBatch(files, { profile, level, visible }) {
  const query = new URLSearchParams({ profile, level, visible: visible ? 'true' : 'false' });
  const form = new FormData();
  for (const file of files) {
    form.append('document', file, file.name);
  }
  const r = await call('POST', `/v1/sign/batch?${query}`, { body: form });
  return (await r.json()).id;
}

/** The state of a batch: its documents, each waiting, signed or failed. */
export async function batchJob(id) {
  return (await call('GET', `/v1/sign/batch/${encodeURIComponent(id)}`)).json();
}

/** Signed document n (from 1) of a batch. */
export async function batchDocument(id, n) {
  return (await call('GET', `/v1/sign/batch/${encodeURIComponent(id)}/${n}`)).blob();
}

/** Why a document of a batch failed, as the error a single request would have thrown. */
export function batchDocumentError(document, requestId = '') {
  return new ApiError({ status: 422, type: kind(document.type), detail: document.error || '', requestId });
}
