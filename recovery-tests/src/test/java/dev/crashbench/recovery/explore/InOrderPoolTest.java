package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InOrderPoolTest {

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void continuationsRunInSubmissionOrderOnTheCallersThreadEvenWhenLaterWorkFinishesFirst() {
        InOrderPool pool = new InOrderPool(2, 8);
        CountDownLatch secondDone = new CountDownLatch(1);
        List<String> order = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            pool.submit(() -> {
                await(secondDone); // the first work finishes only after the second
                return "first";
            }, r -> {
                order.add(r.get());
                threads.add(Thread.currentThread());
            });
            pool.submit(() -> {
                secondDone.countDown();
                return "second";
            }, r -> {
                order.add(r.get());
                threads.add(Thread.currentThread());
            });
            pool.then(() -> order.add("then"));
            pool.drain();
        } finally {
            pool.shutdown();
        }
        assertEquals(List.of("first", "second", "then"), order);
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), threads);
    }

    @Test
    void oneThreadRunsTheWorkAndItsContinuationAtOnce() {
        InOrderPool pool = new InOrderPool(1, 1);
        List<String> order = new ArrayList<>();
        Thread[] worker = new Thread[1];
        pool.submit(() -> {
            worker[0] = Thread.currentThread();
            return "work";
        }, r -> order.add(r.get()));
        order.add("after submit");
        assertEquals(List.of("work", "after submit"), order);
        assertSame(Thread.currentThread(), worker[0]);
    }

    @Test
    void whatTheWorkThrewIsThrownByItsResultInItsTurn() {
        InOrderPool pool = new InOrderPool(2, 8);
        List<String> order = new ArrayList<>();
        try {
            pool.submit(() -> "fine", r -> order.add(r.get()));
            pool.submit(() -> {
                throw new IllegalArgumentException("boom");
            }, r -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::get);
                order.add(e.getMessage());
            });
            pool.submit(() -> "skipped, never read", r -> order.add("not read"));
            pool.drain();
        } finally {
            pool.shutdown();
        }
        assertEquals(List.of("fine", "boom", "not read"), order);
    }

    @Test
    void aContinuationThatSubmitsIsRefused() {
        for (int threads : new int[] {1, 2}) {
            InOrderPool pool = new InOrderPool(threads, 4);
            try {
                assertThrows(IllegalStateException.class, () -> {
                    pool.submit(() -> 1, r -> pool.then(() -> { }));
                    pool.drain();
                });
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void theWindowBoundsHowFarTheCallerRunsAhead() {
        InOrderPool pool = new InOrderPool(2, 4);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> done = new ArrayList<>();
        try {
            pool.submit(() -> {
                await(release);
                return 0;
            }, r -> done.add(r.get()));
            for (int i = 1; i <= 3; i++) {
                int n = i;
                pool.submit(() -> n, r -> done.add(r.get()));
            }
            assertTrue(done.isEmpty(), "nothing runs before the oldest: " + done);
            release.countDown();
            pool.submit(() -> 4, r -> done.add(r.get())); // a fifth: the caller waits for the oldest
            assertTrue(!done.isEmpty() && done.get(0) == 0, "the oldest ran first: " + done);
            pool.drain();
        } finally {
            pool.shutdown();
        }
        assertEquals(List.of(0, 1, 2, 3, 4), done);
    }
}
