package io.hexmirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DiskMirrorBenchmarkTest {

    @Test
    void cpuTimeIsTheChildrensUserPlusSysFromTheShellsTimes() {
        // The first line is the shell's own time, the second its children's.
        String times = "0m0.010000s 0m0.002000s\n1m1.500000s 0m0.250000s\n";

        assertThat(DiskMirrorBenchmark.childrenCpuSeconds(times)).isCloseTo(61.75, within(1e-9));
    }

    @Test
    void refusesOutputThatIsNotTimes() {
        assertThatThrownBy(() -> DiskMirrorBenchmark.childrenCpuSeconds("sh: times: not found"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("times");
    }
}
