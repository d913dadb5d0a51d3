/**
 * OCR of scanned papers: PDF, TIFF, PNG and JPEG pages to text (Vietnamese and English) and to a
 * searchable PDF/A, through Tess4J over the system Tesseract 5.
 *
 * <p>Empty for now: the engine pool, page pre-processing (orientation, deskew, border cleanup) and the
 * PDF/A writer arrive with the OCR issue. The service module already depends on this one so the
 * dependency rule (verification-api -&gt; ocr, never the reverse) is fixed from the start.
 */
package vn.signdesk.ocr;
