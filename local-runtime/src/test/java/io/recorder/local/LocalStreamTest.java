package io.recorder.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStreamTest {
    @Test
    void stream_faults_are_named_in_any_case_and_combined() {
        assertThat(LocalStream.parseFaults(" Duplicates, reorder ")).containsExactly(LocalStream.Fault.DUPLICATES, LocalStream.Fault.REORDER);
        assertThat(LocalStream.parseFaults("all")).containsExactlyInAnyOrder(LocalStream.Fault.values());
        assertThat(LocalStream.parseFaults("none")).isEmpty();
        assertThat(LocalStream.parseFaults(null)).isEmpty();
    }

    @Test
    void an_unknown_stream_fault_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--stream-faults", "chaos"}, Map.of(), Path.of(".")))
                .isInstanceOf(LocalOptions.Invalid.class)
                .hasMessageContaining("unknown stream fault 'chaos'").hasMessageContaining("duplicates, reorder, failures");
    }

    @Test
    void the_flag_wins_over_the_environment() {
        assertThat(LocalOptions.parse(new String[0], Map.of("RECORDER_STREAM_FAULTS", "failures"), Path.of(".")).streamFaults())
                .containsExactly(LocalStream.Fault.FAILURES);
        assertThat(LocalOptions.parse(new String[] {"--stream-faults", "none"}, Map.of("RECORDER_STREAM_FAULTS", "failures"),
                Path.of(".")).streamFaults()).isEmpty();
    }
}
