package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import vn.signdesk.pki.DemoPki;

/**
 * The web page in a real browser (Debian's Chromium, headless) against the real service in demo
 * mode, one test per flow and role, each on a fresh browser profile: verify a good, a tampered and
 * an unsigned PDF; OCR a Vietnamese scan and certify the copy; sign two PDFs as the department; a
 * resident who reaches for the department's seal; the English switch. What the page downloads is
 * checked by an independent verifier (poppler's {@code pdfsig}); every test also proves that the
 * page asked nothing of another origin and broke none of its Content-Security-Policy. Screenshots
 * of each flow go to {@code target/screenshots/}, at the sizes of a 10-inch tablet.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebPageIT {

    private static final String DEPARTMENT_SEAL = DemoPki.DEPARTMENT_SEAL_NAME;

    @TempDir
    static Path dir;

    static Vertx vertx;
    static SignDeskServer server;
    static String origin;
    static JsonObject keys;
    static Path signedPdf;
    static Path tamperedPdf;
    static Path unsignedPdf;

    @TempDir
    Path browserDir;

    CounterBrowser browser;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Path dataDir = dir.resolve("data");
        DemoServerCalls.startDemo(vertx, DemoServerCalls.demoConfig(dataDir), s -> server = s)
                .await(3, TimeUnit.MINUTES);
        origin = "http://127.0.0.1:" + server.port();
        keys = DemoServerCalls.credentials(dataDir);
        byte[] application = CounterDocuments.application(2);
        byte[] signed = post("/v1/sign?profile=department-seal&level=B-T&visible=true", "department", application);
        signedPdf = CounterDocuments.write(dir, "quyet-dinh-da-ky.pdf", signed);
        tamperedPdf = CounterDocuments.write(dir, "quyet-dinh-bi-sua.pdf", CounterDocuments.tampered(signed));
        unsignedPdf = CounterDocuments.write(dir, "don-chua-ky.pdf", application);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close().await(60, TimeUnit.SECONDS);
        }
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void verify_goodSignedPdfAsResident_showsValidAndTheSealMarkedOnItsPage() throws Exception {
        browser = new CounterBrowser(origin, browserDir, 1280, 800);
        browser.signIn(keys.getString("resident"));

        browser.upload("verify-file", signedPdf);

        WebElement verdict = browser.waitVisible(By.cssSelector("#verify-result .verdict"));
        assertThat(verdict.getAttribute("data-verdict")).isEqualTo("TOTAL_PASSED");
        assertThat(verdict.getAttribute("class")).contains("valid");
        assertThat(verdict.getText()).contains("Hợp lệ").contains("quyet-dinh-da-ky.pdf");
        WebElement card = browser.driver().findElement(By.cssSelector("#verify-result article.signature"));
        assertThat(card.getText())
                .contains(DEPARTMENT_SEAL)
                .contains("Chữ ký 1")
                .contains("Nguyên vẹn")
                .contains("Chữ ký bao trùm toàn bộ tài liệu")
                .contains("Chưa bị thu hồi")
                .contains("PAdES-BASELINE-T")
                .contains("theo dấu thời gian của")
                .contains("Tin cậy nhờ chứng thư gốc");
        // the seal's box over the image of page 1, which the browser has decoded
        WebElement box = browser.waitVisible(By.cssSelector("#verify-result .sig-box"));
        assertThat(box.getAttribute("aria-label")).isEqualTo("Chữ ký 1 trên trang 1");
        assertThat(box.getSize().getWidth()).isGreaterThan(40);
        Object width = browser.script("return document.querySelector('#verify-result .sheet img').naturalWidth");
        assertThat(((Number) width).intValue()).as("page 1 drawn at 100 dpi").isBetween(820, 830);
        browser.screenshot("verify-valid-resident-1280x800", By.cssSelector("#verify-result .page-preview"));

        browser.driver()
                .findElement(By.cssSelector("#verify-result button[data-report=pdf]"))
                .click();
        Path report = browser.downloaded("-bao-cao.pdf");
        assertThat(new String(Files.readAllBytes(report), 0, 5, StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        browser.assertOnlyTheServiceWasAsked();
    }

    @Test
    void verify_tamperedPdfAsBranch_showsNotValidAndWhy() throws Exception {
        browser = new CounterBrowser(origin, browserDir, 800, 1280);
        browser.signIn(keys.getString("branch"));

        browser.upload("verify-file", tamperedPdf);

        WebElement verdict = browser.waitVisible(By.cssSelector("#verify-result .verdict"));
        assertThat(verdict.getAttribute("data-verdict")).isEqualTo("TOTAL_FAILED");
        assertThat(verdict.getAttribute("class")).contains("invalid");
        assertThat(verdict.getText())
                .contains("Không hợp lệ")
                .contains("Lý do:")
                .contains("Chữ ký 1: nội dung được ký đã bị thay đổi");
        WebElement card = browser.driver().findElement(By.cssSelector("#verify-result article.signature"));
        assertThat(card.getAttribute("data-indication")).isEqualTo("TOTAL_FAILED");
        assertThat(card.getText()).contains("Không: nội dung được ký đã bị thay đổi hoặc chữ ký bị hỏng");
        browser.screenshot("verify-tampered-branch-800x1280", By.cssSelector("#verify-result .verdict"));
        browser.assertOnlyTheServiceWasAsked();
    }

    @Test
    void verify_unsignedPdfAsDepartment_saysItHasNoSignature() throws Exception {
        browser = new CounterBrowser(origin, browserDir, 1280, 800);
        browser.signIn(keys.getString("department"));

        browser.upload("verify-file", unsignedPdf);

        WebElement verdict = browser.waitVisible(By.cssSelector("#verify-result .verdict"));
        assertThat(verdict.getAttribute("data-verdict")).isEqualTo("NO_SIGNATURE");
        assertThat(verdict.getText()).contains("Không có chữ ký số").contains("Tài liệu này không có chữ ký số nào.");
        assertThat(browser.driver().findElements(By.cssSelector("#verify-result article.signature")))
                .isEmpty();
        browser.screenshot("verify-unsigned-department-1280x800");
        browser.assertOnlyTheServiceWasAsked();
    }

    @Test
    void verify_pdfOverThePageLimit_isRefusedBeforeUploadOrElseByTheService() throws Exception {
        Path plain = CounterDocuments.write(browserDir, "so-dang-ky.pdf", CounterDocuments.blankPages(5001, false));
        Path packed = CounterDocuments.write(browserDir, "so-luu-tru.pdf", CounterDocuments.blankPages(5001, true));
        browser = new CounterBrowser(origin, browserDir, 1280, 800);
        browser.signIn(keys.getString("branch"));

        browser.upload("verify-file", plain);

        WebElement alert = browser.waitVisible(By.id("alert"));
        assertThat(alert.getText())
                .contains("Tệp so-dang-ky.pdf có ít nhất 5001 trang: chỉ nhận đến 5000 trang. Tệp chưa được gửi đi.");
        assertThat(browser.requestedUrls()).as("nothing was sent").noneMatch(u -> u.contains("/v1/verify"));

        // pages hidden in compressed object streams: only the service can count them
        browser.upload("verify-file", packed);

        browser.wait(CounterBrowser.STEP)
                .until(d -> alert.getText().contains("Tài liệu có 5001 trang: dịch vụ chỉ nhận đến 5000 trang."));
        assertThat(alert.getText()).contains("Mã yêu cầu (báo cho quản trị viên khi cần): ");
        assertThat(browser.requestedUrls()).anyMatch(u -> u.startsWith(origin + "/v1/verify"));
        browser.screenshot("verify-over-page-limit-branch-1280x800");
        browser.assertOnlyTheServiceWasAsked();
    }

    @Test
    void ocr_vietnameseScanAsBranch_progressMovesThenTextKeepsDiacritics_andTheCertifiedCopyIsValid() throws Exception {
        Path scan = CounterDocuments.vietnameseScan(dir.resolve("giay-xac-nhan-cu-tru.tif"), 6);
        browser = new CounterBrowser(origin, browserDir, 800, 1280);
        browser.signIn(keys.getString("branch"));
        browser.driver().findElement(By.id("tab-ocr")).click();

        browser.upload("ocr-file", scan);

        List<String> seen = watchProgress();
        WebElement text = browser.waitVisible(By.id("ocr-text"));
        assertThat(seen).as("progress seen (done/max)").contains("6/6");
        assertThat(seen.stream().filter(s -> !s.startsWith("0/") && !s.equals("6/6")))
                .as("progress seen between the start and the end: %s", seen)
                .isNotEmpty();
        String recognised = text.getDomProperty("value");
        assertThat(recognised)
                .contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
                .contains("Độc lập - Tự do - Hạnh phúc")
                .contains("Nguyễn Thị Lấp Lánh Ánh")
                .contains("thành phố Hà Nội");
        assertThat(browser.driver().findElements(By.cssSelector("#ocr-pages tbody tr")))
                .hasSize(6);
        assertThat(browser.driver().findElement(By.id("ocr-progress-text")).getText())
                .isEqualTo("Đã nhận dạng xong 6 trang.");
        browser.screenshot("ocr-done-branch-800x1280", By.id("ocr-progress-box"));
        browser.driver().findElement(By.id("ocr-pdf")).click();
        Path pdfa = browser.downloaded("-pdfa.pdf");
        assertThat(run("pdftotext", pdfa.toString(), "-"))
                .as("the PDF/A's text layer")
                .contains("Nguyễn Thị Lấp Lánh Ánh")
                .contains("Hạnh phúc");

        browser.driver().findElement(By.id("ocr-certify")).click();
        Path copy = browser.downloaded("-ban-sao-dien-tu.pdf");
        WebElement verdict = browser.waitVisible(By.cssSelector("#ocr-verify .verdict"));
        assertThat(verdict.getAttribute("data-verdict")).isEqualTo("TOTAL_PASSED");
        assertThat(run("pdfsig", copy.toString()))
                .contains("Signature is Valid.")
                .contains(DemoPki.BRANCH_COPY_NAME);
        browser.screenshot("ocr-certified-branch-800x1280", By.id("ocr-action-status"));
        browser.assertOnlyTheServiceWasAsked();
    }

    @Test
    void sign_twoPdfsAsDepartment_bothDownloadedAndValidInPdfsig() throws Exception {
        Path first = CounterDocuments.write(browserDir, "quyet-dinh-01.pdf", CounterDocuments.application(1));
        Path second = CounterDocuments.write(browserDir, "quyet-dinh-02.pdf", CounterDocuments.application(3));
        browser = new CounterBrowser(origin, browserDir, 1280, 800);
        browser.signIn(keys.getString("department"));
        assertThat(browser.driver().findElement(By.id("role-name")).getText()).isEqualTo("Sở, ngành");
        browser.driver().findElement(By.id("tab-sign")).click();

        assertThat(options("sign-profile")).containsExactly("department-seal");
        browser.driver()
                .findElement(By.cssSelector("#sign-level option[value='B-T']"))
                .click();
        browser.upload("sign-files", first, second);
        browser.driver().findElement(By.id("sign-submit")).click();

        browser.wait(CounterBrowser.STEP)
                .until(d -> d.findElements(By.cssSelector("#sign-results li[data-outcome=signed]"))
                                .size()
                        == 2);
        assertThat(browser.driver().findElement(By.id("sign-status")).getText()).isEqualTo("Đã ký xong 2/2 tệp.");
        assertThat(browser.requestedUrls())
                .as("two files go as one batch job, each signed document fetched from it")
                .anyMatch(u -> u.startsWith(origin + "/v1/sign/batch?"))
                .anyMatch(u -> u.matches(java.util.regex.Pattern.quote(origin) + "/v1/sign/batch/[^/?]+/2"))
                .noneMatch(u -> u.startsWith(origin + "/v1/sign?"));
        browser.screenshot("sign-two-department-1280x800");
        for (WebElement link : browser.driver().findElements(By.cssSelector("#sign-results a[download]"))) {
            link.click();
        }
        for (String name : List.of("quyet-dinh-01-da-ky.pdf", "quyet-dinh-02-da-ky.pdf")) {
            Path signed = browser.downloaded(name);
            assertThat(run("pdfsig", signed.toString()))
                    .as(name)
                    .contains("Signature is Valid.")
                    .contains(DEPARTMENT_SEAL);
        }
        browser.assertOnlyTheServiceWasAsked();
    }

    @Test
    void sign_residentReachingForTheDepartmentSeal_isNotOfferedItAndAForgedRequestGetsThe403Sentence()
            throws Exception {
        browser = new CounterBrowser(origin, browserDir, 800, 1280);
        browser.signIn(keys.getString("resident"));

        assertThat(browser.driver().findElement(By.id("role-name")).getText()).isEqualTo("Người dân");
        assertThat(browser.driver().findElement(By.id("tab-sign")).isDisplayed())
                .isFalse();
        assertThat(browser.driver().findElement(By.id("tab-ocr")).isDisplayed()).isFalse();
        assertThat(browser.driver().findElements(By.cssSelector("option[value='department-seal']")))
                .isEmpty();

        // what a resident could type into the browser's console: the page's own code, the seal asked for
        Object outcome = browser.asyncScript(
                """
                const [pdfBase64, done] = arguments;
                const base = document.querySelector('script[type=module]').src.replace(/main\\.js$/, '');
                Promise.all([import(base + 'api.js'), import(base + 'errors.js')]).then(async ([api, errors]) => {
                  const bytes = Uint8Array.from(atob(pdfBase64), (c) => c.charCodeAt(0));
                  const pdf = new File([bytes], 'forged.pdf', { type: 'application/pdf' });
                  try {
                    await api.sign(pdf, { profile: 'department-seal', level: 'B-B', visible: true });
                    done('signed');
                  } catch (error) {
                    errors.showError(error);
                    done(error.status + ' ' + error.type + ' ' + error.requestId);
                  }
                });
                """,
                Base64.getEncoder().encodeToString(Files.readAllBytes(unsignedPdf)));

        assertThat(String.valueOf(outcome)).startsWith("403 forbidden ");
        String requestId = String.valueOf(outcome).substring("403 forbidden ".length());
        assertThat(requestId).isNotBlank();
        WebElement alert = browser.waitVisible(By.id("alert"));
        assertThat(alert.getText())
                .contains("Vai trò của bạn không được phép làm việc này.")
                .contains("Mã yêu cầu (báo cho quản trị viên khi cần): " + requestId)
                .doesNotContain("Exception");
        browser.screenshot("sign-forbidden-resident-800x1280");
        browser.assertOnlyTheServiceWasAsked();
    }

    @Test
    void language_switchToEnglish_translatesThePageAndKeepsItAfterAReload() throws Exception {
        browser = new CounterBrowser(origin, browserDir, 1280, 800);
        browser.signIn(keys.getString("branch"));
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("vi");

        browser.driver().findElement(By.id("lang")).click();

        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.driver().findElement(By.id("tab-verify")).getText()).isEqualTo("Check signatures");
        assertThat(browser.driver().findElement(By.id("tab-ocr")).getText()).isEqualTo("Digitise and certify a copy");
        assertThat(browser.driver().findElement(By.id("role-name")).getText()).isEqualTo("Branch (one-stop counter)");
        assertThat(browser.driver().findElement(By.id("lang")).getText()).isEqualTo("Tiếng Việt");

        browser.driver().navigate().refresh();
        browser.waitVisible(By.id("role-name"));
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
        browser.upload("verify-file", tamperedPdf);
        WebElement verdict = browser.waitVisible(By.cssSelector("#verify-result .verdict"));
        assertThat(verdict.getText()).contains("Not valid").contains("Signature 1: what was signed has been changed");
        browser.screenshot("language-english-branch-1280x800");
        browser.assertOnlyTheServiceWasAsked();
    }

    @Test
    void page_asAdmin_isUsableByKeyboardAndScreenReaderWithReadableContrast() throws Exception {
        browser = new CounterBrowser(origin, browserDir, 1280, 800);
        browser.open();
        assertAccessible("sign-in");
        browser.signIn(keys.getString("admin"));
        assertThat(browser.driver().findElement(By.id("role-name")).getText()).isEqualTo("Quản trị");

        // the keyboard reaches the verify desk's file input, and its drop zone shows the focus
        for (int i = 0; i < 20 && !"verify-file".equals(activeId()); i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(activeId()).as("Tab reaches the PDF input").isEqualTo("verify-file");
        assertThat(browser.script("return getComputedStyle(document.getElementById('verify-drop')).outlineStyle"))
                .isEqualTo("solid");
        browser.upload("verify-file", tamperedPdf);
        browser.waitVisible(By.cssSelector("#verify-result .verdict.invalid"));
        assertAccessible("verify, not valid");
        browser.upload("verify-file", signedPdf);
        browser.waitVisible(By.cssSelector("#verify-result .verdict.valid"));
        assertAccessible("verify, valid");

        // arrow keys move between the tasks, as in any tab list
        browser.driver().findElement(By.id("tab-verify")).sendKeys(Keys.ARROW_RIGHT);
        assertThat(activeId()).isEqualTo("tab-ocr");
        assertThat(browser.driver().findElement(By.id("ocr")).isDisplayed()).isTrue();
        assertAccessible("OCR");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        assertThat(activeId()).isEqualTo("tab-sign");
        assertThat(options("sign-profile")).containsExactly("department-seal", "branch-copy", "resident-demo");
        assertAccessible("sign");
        browser.screenshot("page-admin-sign-1280x800");
        browser.assertOnlyTheServiceWasAsked();
    }

    /** The progress bar's done/max as the page shows it, watched until the recognised text appears. */
    /**
     * The progress bar's states (done/max) from the upload until the result shows, the bar's state
     * once it shows included: the page may finish between one look at the bar and the next.
     */
    private List<String> watchProgress() {
        List<String> seen = new ArrayList<>();
        browser.wait(CounterBrowser.STEP).until(d -> {
            noteProgress(seen);
            WebElement alert = d.findElement(By.id("alert"));
            if (alert.isDisplayed()) {
                throw new AssertionError("the page shows an error: " + alert.getText());
            }
            return d.findElement(By.id("ocr-result")).isDisplayed();
        });
        noteProgress(seen);
        return seen;
    }

    private void noteProgress(List<String> seen) {
        String value = String.valueOf(
                browser.script(
                        """
                const p = document.getElementById('ocr-progress');
                const box = document.getElementById('ocr-progress-box');
                return box.hidden || !p.hasAttribute('value') ? '' : p.value + '/' + p.max;
                """));
        if (!value.isEmpty() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value))) {
            seen.add(value);
        }
    }

    private String activeId() {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }

    /**
     * Checks what a screen reader and a reader with low vision need of the page as it is shown: every
     * form control has a label, every button a name, every image a text alternative, and every
     * visible text a contrast of at least 4.5:1 against its background (WCAG 2.1, 1.4.3).
     */
    private void assertAccessible(String where) {
        Object unlabelled = browser.script(
                """
                const controls = [...document.querySelectorAll('input, select, textarea')]
                  .filter((e) => e.labels.length === 0 && !e.getAttribute('aria-label'));
                const buttons = [...document.querySelectorAll('button')]
                  .filter((b) => !b.textContent.trim() && !b.getAttribute('aria-label'));
                const images = [...document.querySelectorAll('img')].filter((i) => !i.hasAttribute('alt'));
                return [...controls, ...buttons, ...images].map((e) => e.outerHTML.slice(0, 80));
                """);
        assertThat((List<?>) unlabelled)
                .as("%s: controls without a label or name", where)
                .isEmpty();
        Object lowContrast = browser.script(
                """
                const parse = (c) => {
                  const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(',').map(parseFloat);
                  return { rgb: p.slice(0, 3), a: p.length > 3 ? p[3] : 1 };
                };
                const lum = (rgb) => {
                  const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                };
                const background = (e) => {
                  for (; e; e = e.parentElement) {
                    const c = parse(getComputedStyle(e).backgroundColor);
                    if (c.a > 0.5) return c.rgb;
                  }
                  return [255, 255, 255];
                };
                const low = [];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                  const text = walker.currentNode.textContent.trim();
                  const e = walker.currentNode.parentElement;
                  if (!text || e.closest('option') || e.getClientRects().length === 0) continue;
                  const style = getComputedStyle(e);
                  if (style.visibility === 'hidden' || e.closest('[hidden]')) continue;
                  const a = lum(parse(style.color).rgb);
                  const b = lum(background(e));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  if (ratio < 4.5) low.push(e.tagName + ' "' + text.slice(0, 40) + '" ' + ratio.toFixed(2));
                }
                return low;
                """);
        assertThat((List<?>) lowContrast).as("%s: text under 4.5:1", where).isEmpty();
    }

    private List<String> options(String selectId) {
        return browser.driver().findElements(By.cssSelector("#" + selectId + " option")).stream()
                .map(o -> o.getAttribute("value"))
                .toList();
    }

    private static byte[] post(String path, String role, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(origin + path))
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + keys.getString(role))
                                .header("Content-Type", "application/pdf")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return r.body();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("%s finished", command[0])
                .isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }
}
