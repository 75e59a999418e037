/** Kafka connectors. */
package dev.flowstate.kafka;
