package dev.flowstate.kafka.examples;
