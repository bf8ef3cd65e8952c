package io.recorder.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.recorder.console.ConsoleAssets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard and the API reference in a real browser: Debian's headless chromium, driven through its
 * chromium-driver by Selenium, against a local runtime with seeded payments. The driver and the browser
 * are named explicitly, so Selenium Manager never looks for (or downloads) either. Screenshots of both
 * pages are left in target/screenshots (the README's images are copies of them).
 */
class ConsoleBrowserIT {
    private static final String KEY = "browser-key-0123456789abcdef";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path downloads;
    private static LocalRecorder recorder;
    /** The same pages on another origin, as a static host of web-console's build would serve them. */
    private static HttpServer staticHost;
    private static String staticOrigin;
    private static WebDriver browser;
    private static String origin;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startRuntimeSeedItAndOpenABrowser() throws Exception {
        staticHost = staticHost();
        staticOrigin = "http://127.0.0.1:" + staticHost.getAddress().getPort();
        recorder = LocalRecorder.start(LocalOptions.parse(new String[] {"--port", "0", "--data-dir", dataDir.toString(),
                "--api-key", KEY, "--cors-origin", staticOrigin}, Map.of(), dataDir),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        origin = "http://127.0.0.1:" + recorder.port();
        seed();
        browser = chromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (staticHost != null) {
            staticHost.stop(0);
        }
    }

    @BeforeEach
    void freshTab() {
        browser.get(origin + "/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear(); localStorage.clear();");
    }

    @Test
    void without_a_key_the_dashboard_asks_for_one_instead_of_showing_a_blank_page() {
        browser.get(origin + "/");

        WebElement message = waitFor(By.id("message"));
        assertThat(message.getText()).contains("Enter an API key");
        assertThat(browser.findElement(By.id("overview")).isDisplayed()).isFalse();
    }

    @Test
    void the_dashboard_shows_the_series_with_cadence_total_and_latest_change_the_charts_and_upcoming() throws Exception {
        connect(KEY);

        WebElement gym = seriesRow("Gym");
        assertThat(gym.findElement(By.className("cadence")).getText()).isEqualTo("MONTHLY");
        assertThat(gym.findElement(By.className("total")).getText()).isEqualTo("6150.00 USD");
        assertThat(gym.findElement(By.className("count")).getText()).isEqualTo("12");
        assertThat(gym.findElement(By.className("change")).getText()).contains("+10.00 %").contains("500.00 → 550.00");
        assertThat(seriesRow("Coffee").findElement(By.className("total")).getText()).isEqualTo("17.50 EUR");

        for (String currency : List.of("EUR", "USD")) {
            Object bars = ((JavascriptExecutor) browser).executeScript(
                    "const c = document.querySelector('canvas[data-currency=\"' + arguments[0] + '\"]');"
                            + "const chart = c && Chart.getChart(c); return chart ? chart.data.datasets[0].data.length : -1;", currency);
            assertThat(((Number) bars).intValue()).as("bars drawn for " + currency).isPositive();
        }

        String upcoming = browser.findElement(By.id("upcoming-section")).getText();
        int upcomingStatus = get("/recurring-payments/upcoming?within=P30D").statusCode();
        if (upcomingStatus == 404 || upcomingStatus == 400) { // 400: an API whose {seriesId} route takes "upcoming" for an id
            assertThat(upcoming).contains("not available");
        } else {
            assertThat(upcoming).contains("As of");
            // Overdue is about the date, LATE about the tolerance: each overdue entry says which, as the status column does.
            assertThat(seriesRow("Swimming").findElement(By.className("status")).getText()).isEqualTo("ACTIVE");
            assertThat(upcomingFlag("Swimming")).isEqualTo("due 1 day ago — within tolerance");
            assertThat(seriesRow("Laundry").findElement(By.className("status")).getText()).isEqualTo("LATE");
            assertThat(upcomingFlag("Laundry")).isEqualTo("LATE — due 3 days ago");
            assertThat(browser.findElement(By.id("upcoming-legend")).getText())
                    .contains("Overdue: the expected date has passed").contains("until then it stays ACTIVE");
        }
        assertThat(browser.getCurrentUrl()).doesNotContain(KEY);
        assertThat(browser.getPageSource()).doesNotContain(KEY);
        screenshot("dashboard.png");
    }

    @Test
    void a_series_detail_lists_its_payments_and_amount_changes() {
        connect(KEY);

        seriesRow("Gym").click();
        awaitDetailOf("Gym (USD)");
        WebElement detail = browser.findElement(By.id("detail-changes"));

        assertThat(detail.findElements(By.cssSelector("tbody tr"))).hasSize(1);
        assertThat(detail.getText()).contains("500.00 USD").contains("550.00 USD").contains("+10.00 %");
        assertThat(browser.findElements(By.cssSelector("#detail-payments tbody tr"))).hasSize(12);
        screenshot("series-detail.png");
    }

    @Test
    void the_series_payments_download_as_csv_with_the_key_in_a_header() throws Exception {
        connect(KEY);
        seriesRow("Gym").click();
        awaitDetailOf("Gym (USD)");

        displayedWithin(browser.findElement(By.id("series-detail")), By.id("detail-csv")).click();
        Path file = downloads.resolve("payments.csv");
        new WebDriverWait(browser, PATIENCE).until(d -> Files.exists(file) && file.toFile().length() > 0);

        List<String> records = List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
        assertThat(records.get(0)).isEqualTo("paymentId,paymentTimestamp,paymentDescription,currency,amount,seriesId,recordedAt,reversed");
        assertThat(records).hasSize(13);
        assertThat(records.stream().filter(r -> r.contains(",Gym,USD,550.00,"))).hasSize(3);
    }

    @Test
    void a_bad_key_gets_a_clear_message_and_is_forgotten() {
        connect("not-a-key-of-ours-0123456789");

        WebElement message = new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertThat(message.getText()).contains("refused this API key (403 Forbidden)");
        assertThat(browser.findElement(By.id("overview")).isDisplayed()).isFalse();
        assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('recorder.apiKey')")).isNull();
    }

    @Test
    void the_reference_lists_every_operation_of_the_contract_and_try_it_out_works_with_the_key() throws Exception {
        ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('recorder.apiKey', arguments[0])", KEY);
        browser.get(origin + "/docs");
        new WebDriverWait(browser, PATIENCE).until(d -> d.findElements(By.cssSelector(".opblock")).size() > 0);

        Set<String> listed = browser.findElements(By.cssSelector(".opblock-summary")).stream()
                .map(summary -> summary.findElement(By.className("opblock-summary-method")).getText() + " "
                        + summary.findElement(By.className("opblock-summary-path")).getAttribute("data-path"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(contractOperations());

        WebElement list = browser.findElement(By.id("operations-recurring-listRecurringSeries"));
        list.findElement(By.className("opblock-summary")).click();
        // The operation opens (and then offers its buttons) asynchronously: look for each button until it is there.
        displayedWithin(list, By.className("try-out__btn")).click();
        displayedWithin(list, By.className("execute")).click();
        WebElement status = new WebDriverWait(browser, PATIENCE).until(d -> list.findElements(
                By.cssSelector(".live-responses-table tbody td.response-col_status")).stream().findFirst().orElse(null));
        assertThat(status.getText()).startsWith("200");
        assertThat(list.findElement(By.cssSelector(".live-responses-table")).getText()).contains("\"cadence\": \"MONTHLY\"");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("api-reference.png");
    }

    @Test
    void the_pages_hosted_on_another_origin_work_against_the_api_through_cors() {
        browser.get(staticOrigin + "/");
        WebElement url = waitFor(By.id("api-url"));
        url.clear();
        url.sendKeys(origin);
        connectOnThisPage(KEY);

        assertThat(seriesRow("Gym").findElement(By.className("total")).getText()).isEqualTo("6150.00 USD");

        ((JavascriptExecutor) browser).executeScript("document.body.removeAttribute('data-loaded')");
        connectOnThisPage("not-a-key-of-ours-0123456789");
        // The gateway's 403 carries the CORS headers, so the page can say what went wrong.
        assertThat(new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id("message")))
                .getText()).contains("refused this API key");
    }

    /** "METHOD /path" for every operation in openapi.yaml, read from its text (paths at 2 spaces, methods at 4). */
    private static Set<String> contractOperations() throws Exception {
        Set<String> operations = new TreeSet<>();
        String path = null;
        boolean inPaths = false;
        for (String line : Files.readAllLines(Path.of("..", "openapi.yaml"))) {
            if (line.isBlank()) {
                continue;
            }
            if (!line.startsWith(" ")) {
                inPaths = line.equals("paths:");
                continue;
            }
            Matcher pathLine = Pattern.compile("^  (/\\S+):$").matcher(line);
            Matcher methodLine = Pattern.compile("^    (get|post|put|patch|delete|options|head):$").matcher(line);
            if (inPaths && pathLine.matches()) {
                path = pathLine.group(1);
            } else if (inPaths && methodLine.matches() && path != null) {
                operations.add(methodLine.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
        }
        assertThat(operations).hasSizeGreaterThan(6);
        return operations;
    }

    private static void connect(String key) {
        browser.get(origin + "/");
        connectOnThisPage(key);
    }

    private static void connectOnThisPage(String key) {
        waitFor(By.id("api-key")).sendKeys(key);
        browser.findElement(By.cssSelector("#connect button[type=submit]")).click();
        new WebDriverWait(browser, PATIENCE).until(d -> d.findElement(By.tagName("body")).getAttribute("data-loaded") != null);
    }

    private static WebElement seriesRow(String description) {
        return new WebDriverWait(browser, PATIENCE).until(d -> d.findElements(By.cssSelector("#series-table tbody tr")).stream()
                .filter(row -> row.findElement(By.className("description")).getText().equals(description))
                .findFirst().orElse(null));
    }

    private static String upcomingFlag(String description) {
        return new WebDriverWait(browser, PATIENCE).until(d -> d.findElements(By.cssSelector("#upcoming-table tbody tr")).stream()
                .filter(row -> row.findElement(By.className("description")).getText().equals(description))
                .findFirst().orElse(null)).findElement(By.className("flag")).getText();
    }

    /** The detail view is there (it loads after the click): its title names the series. */
    private static void awaitDetailOf(String title) {
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.textToBe(By.id("detail-title"), title));
    }

    private static WebElement displayedWithin(WebElement parent, By locator) {
        return new WebDriverWait(browser, PATIENCE).until(d -> parent.findElements(locator).stream()
                .filter(element -> element.isDisplayed() && element.isEnabled()).findFirst().orElse(null));
    }

    private static WebElement waitFor(By locator) {
        return new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private static void screenshot(String name) throws RuntimeException {
        try {
            Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A plain static file server of the console's pages and assets, on its own port (so its own origin). */
    private static HttpServer staticHost() throws java.io.IOException {
        ConsoleAssets assets = new ConsoleAssets();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            var asset = assets.find(exchange.getRequestURI().getRawPath());
            if (asset.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", asset.get().contentType());
                exchange.sendResponseHeaders(200, asset.get().body().length);
                exchange.getResponseBody().write(asset.get().body());
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Debian's chromium and chromium-driver, named explicitly: Selenium Manager has nothing to find or fetch. */
    private static WebDriver chromium() {
        Path binary = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
        assertThat(binary).as("headless Chromium (apt-get install chromium chromium-driver; .ci/run does it)").isExecutable();
        assertThat(driver).as("chromium-driver (apt-get install chromium-driver; .ci/run does it)").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1300", "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build();
        return new ChromeDriver(service, options);
    }

    /**
     * Twelve monthly gym payments ending last month with a price rise three months before the end; five coffees;
     * six months of Netflix; two weekly series, one overdue within its tolerance and one late.
     */
    private static void seed() throws Exception {
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        for (int i = 12; i >= 1; i--) {
            String amount = i <= 3 ? "550" : "500";
            post(thisMonth.minusMonths(i).atDay(1) + "T09:00:00Z", "Gym", "USD", amount);
        }
        for (int i = 0; i < 5; i++) {
            post(thisMonth.minusMonths(1 + i).atDay(3 + 5 * i) + "T08:15:00Z", "Coffee", "EUR", "3.50");
        }
        for (int i = 6; i >= 1; i--) {
            post(thisMonth.minusMonths(i).atDay(15) + "T21:00:00Z", "Netflix", "EUR", "12.99");
        }
        // Weekly, whatever today is: swimming due yesterday (overdue, within the 1-day tolerance: ACTIVE),
        // laundry due three days ago (LATE).
        java.time.LocalDate today = java.time.LocalDate.now(ZoneOffset.UTC);
        for (int week = 1; week <= 3; week++) {
            post(today.minusDays(1 + 7L * week) + "T07:00:00Z", "Swimming", "EUR", "6.00");
            post(today.minusDays(3 + 7L * week) + "T18:00:00Z", "Laundry", "EUR", "9.00");
        }
        // The projection follows the ledger through the emulated stream: wait until it has every series.
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            String body = get("/recurring-payments").body();
            if (body.contains("\"count\":12") && body.contains("\"count\":5") && body.contains("\"count\":6")
                    && body.contains("Swimming") && body.contains("Laundry")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the projections never caught up: " + get("/recurring-payments").body());
    }

    private static void post(String timestamp, String description, String currency, String amount) throws Exception {
        String body = "{\"paymentTimestamp\":\"" + timestamp + "\",\"paymentDescription\":\"" + description
                + "\",\"currency\":\"" + currency + "\",\"amount\":\"" + amount + "\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/payments"))
                .header("x-api-key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(body).isEqualTo(201);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(origin + path)).header("x-api-key", KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
