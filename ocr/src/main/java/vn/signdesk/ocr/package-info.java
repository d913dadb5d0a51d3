/**
 * OCR of scanned papers: PDF, TIFF, PNG and JPEG pages to text (Vietnamese and English) with word
 * boxes (hOCR) and to a searchable PDF/A, through Tess4J over the system Tesseract 5.
 *
 * <p>The API is {@link vn.signdesk.ocr.DocumentOcr} and its implementation
 * {@link vn.signdesk.ocr.TesseractOcr}, built once from an {@link vn.signdesk.ocr.OcrConfig}; errors are
 * the sealed {@link vn.signdesk.ocr.OcrException} hierarchy. Originals are never modified: a signed PDF
 * yields a separate derivative that records the original's SHA-256 and may carry it as an attachment.
 * The native library must run with {@code OMP_THREAD_LIMIT=1}.
 */
package vn.signdesk.ocr;
