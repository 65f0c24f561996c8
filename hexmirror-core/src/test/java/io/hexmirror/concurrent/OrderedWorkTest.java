package io.hexmirror.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderedWorkTest {
    @Test
    void resultsAreTakenInInputOrderWhenTasksFinishOutOfOrder() throws IOException {
        List<Integer> inputs = IntStream.range(0, 100).boxed().toList();
        // The first input's task finishes only after the last of the first four has: completion is out of order.
        CountDownLatch fourthDone = new CountDownLatch(1);
        List<Integer> seen = new ArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();

        OrderedWork.forEach(inputs, 4, "test", i -> {
            threads.add(Thread.currentThread().getName());
            if (i == 0) {
                awaitFourth(fourthDone);
            }
            if (i == 3) {
                fourthDone.countDown();
            }
            return i * 10;
        }, (input, output) -> {
            assertThat(output).isEqualTo(input * 10);
            seen.add(input);
        });

        assertThat(seen).containsExactlyElementsOf(inputs);
        assertThat(threads).allMatch(name -> name.equals("hexmirror-test"));
    }

    private static void awaitFourth(CountDownLatch fourthDone) throws IOException {
        try {
            if (!fourthDone.await(10, TimeUnit.SECONDS)) {
                throw new IOException("input 3 never finished while input 0 waited");
            }
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
    }

    @Test
    void theFirstFailureInInputOrderIsThrownAsItWas() {
        List<Integer> taken = new ArrayList<>();
        assertThatThrownBy(() -> OrderedWork.forEach(List.of(1, 2, 3, 4), 2, "test", i -> {
            if (i >= 3) {
                throw new IOException("input " + i + " failed");
            }
            return i;
        }, (input, output) -> taken.add(output)))
                .isInstanceOf(IOException.class).hasMessage("input 3 failed");
        assertThat(taken).containsExactly(1, 2);
    }
}
