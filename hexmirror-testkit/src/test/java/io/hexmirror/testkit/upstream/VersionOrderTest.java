package io.hexmirror.testkit.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
    @Test
    void ordersBySemverPrecedence() {
        // SemVer 2.0's own example order, plus numeric comparison of the core parts.
        List<String> expected = List.of(
                "0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0-0", "2.0.0", "10.0.0");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new java.util.Random(42));

        shuffled.sort(VersionOrder.INSTANCE);

        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void buildMetadataDoesNotChangePrecedenceButKeepsVersionsDistinct() {
        assertThat(VersionOrder.INSTANCE.compare("1.0.0+build.2", "1.0.1")).isNegative();
        assertThat(VersionOrder.INSTANCE.compare("1.0.0+build.2", "1.0.0-rc.1")).isPositive();
        assertThat(VersionOrder.INSTANCE.compare("1.0.0+a", "1.0.0+b")).isNegative();
        assertThat(VersionOrder.INSTANCE.compare("1.0.0+a", "1.0.0+a")).isZero();
    }

    @Test
    void numericPartsLongerThanALongCompareNumerically() {
        assertThat(VersionOrder.INSTANCE.compare("99999999999999999999.0.0", "100000000000000000000.0.0")).isNegative();
    }

    @Test
    void rejectsWhatIsNotAVersion() {
        assertThatThrownBy(() -> VersionOrder.INSTANCE.compare("1.0", "1.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1.0'");
    }
}
