package vn.signdesk.ocr.internal;

import java.awt.image.BufferedImage;
import java.util.List;
import vn.signdesk.ocr.OcrPage;

/** A page after recognition: the image as recognised (rotated, deskewed) and its words on that image. */
public record ProcessedPage(OcrPage page, BufferedImage image, int dpi, List<Word> words) {}
