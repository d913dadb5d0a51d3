package vn.signdesk.ocr.internal;

import java.util.List;

/** What Tesseract made of one page image. */
record Recognition(String text, int meanConfidence, String hocr, List<Word> words) {}
