package dev.flowstate.kafka;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;

/**
 * Turns a Kafka client failure into the one line a user sees: what did not work, on which brokers, topic and
 * partition, and what to do. Every connector failure goes through here, so each kind of failure reads the same
 * whichever call met it.
 */
final class KafkaFailure {
    private KafkaFailure() {
    }

    /**
     * @param brokers  {@code bootstrap.servers}
     * @param timeout  the deadline that applied
     * @param doing    what was under way, e.g. "writing to topic T partition 2 (sink partition 0)"
     * @param topic    the topic concerned, or null
     * @param fencing  how to avoid a fenced transactional id (sink), or null when no transaction was involved
     */
    static String describe(Throwable e, String brokers, Duration timeout, String doing, String topic, String fencing) {
        Throwable c = unwrap(e);
        if (c instanceof TimeoutException || c instanceof java.util.concurrent.TimeoutException) {
            return "brokers " + brokers + " did not answer within " + timeout + " while " + doing
                    + "; check that they are up and reachable from here, then run again (the run resumes from its last"
                    + " committed epoch)";
        }
        if (c instanceof UnknownTopicOrPartitionException) {
            return "topic " + (topic == null ? "?" : topic) + " does not exist on brokers " + brokers + " (while "
                    + doing + "); create it (Flowstate never creates topics), then run again";
        }
        if (c instanceof AuthorizationException) {
            return "brokers " + brokers + " refused " + doing + ": not authorized (" + oneLine(c.getMessage())
                    + "); grant this client's principal access (WRITE on the output topic and, for exactly-once, "
                    + "WRITE and DESCRIBE on its transactional ids; READ and DESCRIBE on an input topic), then run again";
        }
        if (fencing != null && (c instanceof ProducerFencedException || c instanceof InvalidProducerEpochException)) {
            return "the Kafka transaction was fenced while " + doing + " on brokers " + brokers + ": another producer "
                    + "took over its transactional id; " + fencing;
        }
        return doing + " on brokers " + brokers + " failed: " + c.getClass().getSimpleName() + ": "
                + oneLine(c.getMessage());
    }

    /** The Kafka error inside wrappers (ExecutionException, KafkaException with a cause). */
    static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof java.util.concurrent.ExecutionException
                || c instanceof java.util.concurrent.CompletionException
                || c.getClass() == org.apache.kafka.common.KafkaException.class) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ");
    }
}
