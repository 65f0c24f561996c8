package io.hexmirror.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {

    @Test
    void readsCollectorPeaksAndFullPausesFromG1Lines() {
        GcLog log = GcLog.parse(List.of(
                "[0.011s][info][gc] Using G1",
                "[1.075s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 8M->4M(64M) 9.451ms",
                "[2.000s][info][gc] GC(1) Concurrent Mark Cycle 12.345ms",
                "[2.100s][info][gc] GC(2) Pause Remark 40M->38M(64M) 1.2ms",
                "[3.000s][info][gc] GC(3) Pause Full (G1 Compaction Pause) 63M->51M(64M) 80.1ms",
                "[4.000s][info][gc] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 1G->512K(2G) 3.0ms"));

        assertThat(log.collector()).isEqualTo("G1");
        assertThat(log.pauses()).isEqualTo(4);
        assertThat(log.fullPauses()).isEqualTo(1);
        assertThat(log.peakBeforeBytes()).isEqualTo(1L << 30);
        assertThat(log.peakAfterBytes()).isEqualTo(51L << 20);
        assertThat(log.maxCommittedBytes()).isEqualTo(2L << 30);
    }

    @Test
    void aLogWithoutPausesReadsAsZero() {
        GcLog log = GcLog.parse(List.of("[0.010s][info][gc] Using Serial"));

        assertThat(log).isEqualTo(new GcLog("Serial", 0, 0, 0, 0, 0));
    }
}
