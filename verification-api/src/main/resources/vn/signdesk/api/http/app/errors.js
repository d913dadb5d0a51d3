// Every failure the page meets, turned into a sentence in the page's language: problem+json
// answers by their type, checks made before an upload, and network failures. The request id is
// shown so a person can quote it to the operator; the server's own detail is offered folded away,
// and is never a stack trace (the service sends none).

import { lang, t } from './i18n.js';
import { el } from './dom.js';

const SENTENCES = {
  unauthorized: {
    vi: 'Khóa API không đúng hoặc không còn hiệu lực. Hãy đăng nhập lại.',
    en: 'The API key is wrong or no longer valid. Sign in again.',
  },
  forbidden: {
    vi: 'Vai trò của bạn không được phép làm việc này.',
    en: 'Your role is not allowed to do this.',
  },
  'payload-too-large': {
    vi: 'Tệp quá lớn, dịch vụ không nhận.',
    en: 'The file is too large for the service.',
  },
  'unsupported-media-type': {
    vi: 'Loại tệp này không được nhận ở đây.',
    en: 'This kind of file is not accepted here.',
  },
  'unsupported-document': {
    vi: 'Dịch vụ không xử lý được tài liệu này theo yêu cầu (ví dụ: quá nhiều trang, có mật khẩu, hoặc không phải loại tệp được nhận).',
    en: 'The service cannot process this document as asked (for example: too many pages, a password, or not an accepted kind of file).',
  },
  'document-too-complex': {
    vi: 'Tài liệu quá phức tạp để xử lý an toàn.',
    en: 'The document is too complex to process safely.',
  },
  'invalid-document': {
    vi: 'Tệp này không phải là một tệp PDF đọc được.',
    en: 'This file is not a readable PDF.',
  },
  'invalid-request': {
    vi: 'Yêu cầu không hợp lệ.',
    en: 'The request is not valid.',
  },
  'invalid-parameter': {
    vi: 'Yêu cầu có tham số không hợp lệ.',
    en: 'A parameter of the request is not valid.',
  },
  'not-found': {
    vi: 'Không tìm thấy nội dung được yêu cầu (có thể việc nhận dạng đã bị xóa).',
    en: 'What was asked for cannot be found (the recognition job may be gone).',
  },
  'method-not-allowed': {
    vi: 'Thao tác này không được hỗ trợ.',
    en: 'This operation is not supported.',
  },
  'job-not-done': {
    vi: 'Việc nhận dạng chưa xong. Hãy chờ thêm.',
    en: 'The recognition has not finished yet. Please wait.',
  },
  'rate-limited': {
    vi: 'Bạn đã gửi quá nhiều yêu cầu. Hãy thử lại sau {retry} giây.',
    en: 'Too many requests. Try again in {retry} seconds.',
  },
  'service-busy': {
    vi: 'Dịch vụ đang bận. Hãy thử lại sau {retry} giây.',
    en: 'The service is busy. Try again in {retry} seconds.',
  },
  starting: {
    vi: 'Dịch vụ đang khởi động. Hãy thử lại sau {retry} giây.',
    en: 'The service is starting. Try again in {retry} seconds.',
  },
  'key-unavailable': {
    vi: 'Khóa ký của cơ quan tạm thời không dùng được. Hãy thử lại sau {retry} giây.',
    en: "The organisation's signing key is unavailable for now. Try again in {retry} seconds.",
  },
  'timestamp-unavailable': {
    vi: 'Chưa lấy được dấu thời gian. Hãy thử lại sau {retry} giây.',
    en: 'No timestamp could be obtained. Try again in {retry} seconds.',
  },
  'ocr-unavailable': {
    vi: 'Chức năng nhận dạng chữ chưa sẵn sàng trên máy chủ này.',
    en: 'Text recognition is not available on this server.',
  },
  'audit-unavailable': {
    vi: 'Nhật ký kiểm toán tạm thời không ghi được nên kết quả chưa được trả về. Hãy thử lại sau ít phút.',
    en: 'The audit trail cannot record the operation right now, so its result is withheld. Try again shortly.',
  },
  'signing-failed': {
    vi: 'Không ký được tài liệu.',
    en: 'The document could not be signed.',
  },
  'internal-error': {
    vi: 'Dịch vụ gặp lỗi khi xử lý yêu cầu.',
    en: 'The service failed to answer the request.',
  },
  network: {
    vi: 'Không kết nối được với dịch vụ. Hãy kiểm tra mạng và thử lại.',
    en: 'The service cannot be reached. Check the network and try again.',
  },
  'local-too-large': {
    vi: 'Tệp {name} quá lớn ({size}): chỉ nhận tệp đến {max}. Tệp chưa được gửi đi.',
    en: 'The file {name} is too large ({size}): at most {max} is accepted. It was not sent.',
  },
  'local-too-many-pages': {
    vi: 'Tệp {name} có ít nhất {pages} trang: chỉ nhận đến {max} trang. Tệp chưa được gửi đi.',
    en: 'The file {name} has at least {pages} pages: at most {max} are accepted. It was not sent.',
  },
  'local-wrong-type': {
    vi: 'Tệp {name} không thuộc loại được nhận ở đây ({accepted}).',
    en: 'The file {name} is not of a kind accepted here ({accepted}).',
  },
};

/**
 * Sentences for what the service's detail says, where one problem type covers several causes; the
 * numbers are taken from the detail.
 */
const DETAILS = [
  {
    pattern: /has (\d+) pages; at most (\d+) are accepted/,
    vi: 'Tài liệu có {1} trang: dịch vụ chỉ nhận đến {2} trang.',
    en: 'The document has {1} pages: the service accepts at most {2}.',
  },
  {
    pattern: /is encrypted|password given does not open/,
    vi: 'Tài liệu được bảo vệ bằng mật khẩu nên không xử lý được.',
    en: 'The document is protected by a password and cannot be processed.',
  },
  {
    pattern: /larger than the (\d+) bytes/,
    vi: 'Tệp lớn hơn {1} byte, mức tối đa dịch vụ nhận.',
    en: 'The file is larger than the {1} bytes the service accepts.',
  },
];

/** A sentence for an error in the page's language, with what can be filled in. */
export function sentence(error) {
  for (const d of DETAILS) {
    const m = d.pattern.exec(error.detail || '');
    if (m) {
      return d[lang()].replace(/\{(\d)\}/g, (whole, i) => m[Number(i)] ?? whole);
    }
  }
  const entry = SENTENCES[error.type];
  const params = { retry: error.retryAfter || '30', ...error.params };
  if (entry) {
    return entry[lang()].replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }
  // an unknown problem type: the service's own words, which are written for a person
  return error.title || error.detail || SENTENCES['internal-error'][lang()];
}

let shown = null;
let unauthorized = () => {};

/** What to do when the service no longer knows the tab's credential (a 401): sign in again. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** Shows an error in the page's alert region; it stays until closed or replaced. */
export function showError(error) {
  shown = error;
  render();
  if (error.status === 401) {
    unauthorized();
  }
}

/** Removes the shown error. */
export function clearError() {
  shown = null;
  render();
}

/** Redraws the shown error (after a language switch). */
export function render() {
  const region = document.getElementById('alert');
  region.replaceChildren();
  if (!shown) {
    region.hidden = true;
    return;
  }
  region.append(el('p', { class: 'sentence' }, sentence(shown)));
  if (shown.requestId) {
    region.append(el('p', { class: 'request-id' }, t('error.requestId', { id: shown.requestId })));
  }
  if (shown.detail && shown.detail !== shown.title) {
    region.append(el('details', {}, el('summary', {}, t('error.detail')), el('p', {}, shown.detail)));
  }
  const close = el('button', { type: 'button', class: 'secondary' }, t('error.close'));
  close.addEventListener('click', clearError);
  region.append(close);
  region.hidden = false;
}
