package vn.signdesk.ocr.internal;

import java.awt.image.BufferedImage;
import java.util.List;

/** hOCR 1.2 for pages whose words did not come from Tesseract (PDF pages that carry text). */
final class Hocr {

    private Hocr() {}

    static String page(int index, BufferedImage image, List<Word> words) {
        StringBuilder sb = new StringBuilder();
        int n = index + 1;
        sb.append("  <div class='ocr_page' id='page_")
                .append(n)
                .append("' title='bbox 0 0 ")
                .append(image.getWidth())
                .append(' ')
                .append(image.getHeight())
                .append("; ppageno ")
                .append(index)
                .append("'>\n");
        int i = 0;
        for (Word w : words) {
            i++;
            sb.append("   <span class='ocrx_word' id='word_")
                    .append(n)
                    .append('_')
                    .append(i)
                    .append("' title='bbox ")
                    .append(w.x0())
                    .append(' ')
                    .append(w.y0())
                    .append(' ')
                    .append(w.x1())
                    .append(' ')
                    .append(w.y1())
                    .append("; x_wconf ")
                    .append(Math.round(w.confidence()))
                    .append("'>")
                    .append(escape(w.text()))
                    .append("</span>\n");
        }
        sb.append("  </div>\n");
        return sb.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&#39;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
