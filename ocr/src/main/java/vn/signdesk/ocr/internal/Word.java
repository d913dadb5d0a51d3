package vn.signdesk.ocr.internal;

/**
 * One word on a page image, with its box in pixels (origin top left, {@code x1}/{@code y1} exclusive).
 *
 * @param confidence 0 to 100
 */
public record Word(String text, int x0, int y0, int x1, int y1, float confidence) {}
