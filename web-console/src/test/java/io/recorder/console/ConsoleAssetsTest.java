package io.recorder.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {
    private final ConsoleAssets assets = new ConsoleAssets();

    @Test
    void the_dashboard_and_the_reference_are_served_with_their_types() {
        assertThat(assets.find("/")).hasValueSatisfying(a -> assertThat(a.contentType()).startsWith("text/html"));
        assertThat(assets.find("/docs/")).hasValueSatisfying(a -> assertThat(text(a)).contains("swagger-ui"));
        assertThat(assets.find("/dashboard.js")).hasValueSatisfying(a -> assertThat(a.contentType()).startsWith("text/javascript"));
        assertThat(assets.find("/docs/openapi.yaml")).hasValueSatisfying(a -> assertThat(text(a)).startsWith("openapi: 3."));
        assertThat(assets.redirect("/docs")).hasValue("/docs/");
    }

    @Test
    void every_script_and_stylesheet_a_page_names_is_there_so_nothing_comes_from_a_cdn() {
        for (String page : new String[] {"/", "/docs/"}) {
            String html = text(assets.find(page).orElseThrow());
            assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("${");
            Matcher links = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(html);
            while (links.find()) {
                String base = page.equals("/") ? "/" : "/docs/";
                String resolved = java.net.URI.create("http://x" + base).resolve(links.group(1)).getPath();
                assertThat(assets.find(resolved)).as(page + " → " + links.group(1)).isPresent();
            }
        }
    }

    @Test
    void paths_outside_the_console_are_not_served() {
        assertThat(assets.find("/payments")).isEmpty();
        assertThat(assets.find("/../console/index.html")).isEmpty();
        assertThat(assets.find("/webjars/../../io/recorder/console/ConsoleAssets.class")).isEmpty();
        assertThat(assets.find("/io/recorder/console/ConsoleAssets.class")).isEmpty();
        assertThat(assets.find("/nothing.js")).isEmpty();
        assertThat(assets.find("//etc/passwd")).isEmpty();
    }

    private static String text(ConsoleAssets.Asset asset) {
        return new String(asset.body(), StandardCharsets.UTF_8);
    }
}
