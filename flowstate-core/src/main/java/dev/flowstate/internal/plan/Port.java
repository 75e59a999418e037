package dev.flowstate.internal.plan;

/** One output of a step: most steps have a single output (index 0); a branch has two. */
public record Port(StepSpec step, int index) {
}
