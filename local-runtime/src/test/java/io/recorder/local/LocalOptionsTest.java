package io.recorder.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {
    private static final Path ROOT = Path.of("/tmp/recorder-options-test");

    @Test
    void readable_logs_without_metrics_and_no_cors_origin_by_default() {
        LocalOptions options = LocalOptions.parse(new String[0], Map.of(), ROOT);

        assertThat(options.jsonLogs()).isFalse();
        assertThat(options.metrics()).isFalse();
        assertThat(options.corsOrigins()).isEmpty();
    }

    @Test
    void json_logs_bring_the_metric_blobs_and_so_does_the_metrics_flag_alone() {
        assertThat(LocalOptions.parse(new String[] {"--json-logs"}, Map.of(), ROOT).metrics()).isTrue();
        assertThat(LocalOptions.parse(new String[] {"--metrics"}, Map.of(), ROOT).metrics()).isTrue();
        assertThat(LocalOptions.parse(new String[0], Map.of("RECORDER_METRICS", "true"), ROOT).metrics()).isTrue();
    }

    @Test
    void cors_origins_come_from_flags_which_replace_the_environments_list() {
        Map<String, String> env = Map.of("RECORDER_CORS_ORIGINS", "http://localhost:8080, https://a.example");

        assertThat(LocalOptions.parse(new String[0], env, ROOT).corsOrigins()).containsExactly("http://localhost:8080", "https://a.example");
        assertThat(LocalOptions.parse(new String[] {"--cors-origin", "https://b.example"}, env, ROOT).corsOrigins())
                .containsExactly("https://b.example");
    }

    @Test
    void a_wildcard_or_a_url_with_a_path_is_refused_as_an_origin() {
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--cors-origin", "*"}, Map.of(), ROOT))
                .isInstanceOf(LocalOptions.Invalid.class).hasMessageContaining("no *");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--cors-origin", "http://localhost:8080/app"}, Map.of(), ROOT))
                .isInstanceOf(LocalOptions.Invalid.class);
    }
}
