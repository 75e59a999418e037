package dev.flowstate.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Partitions are written by at most 4 threads and at most half the cores, but always by one at least. */
class SqliteWriterThreadsTest {
    @Test
    void writerThreads_neverTakeMoreThanHalfTheCores_norMoreThanFour() {
        assertThat(SqliteBackend.writerThreads(2, 2)).isEqualTo(1);
        assertThat(SqliteBackend.writerThreads(3, 1)).isEqualTo(1);
        assertThat(SqliteBackend.writerThreads(1, 64)).isEqualTo(1);
        assertThat(SqliteBackend.writerThreads(4, 6)).isEqualTo(3);
        assertThat(SqliteBackend.writerThreads(8, 16)).isEqualTo(4);
    }
}
