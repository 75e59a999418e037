package dev.flowstate;

/** Which clock a {@link StatefulLogic} timer belongs to. */
public enum TimeDomain {
    /** Wall-clock time: {@link StatefulLogic#notifyAt()}; fires once the wall clock passed it. */
    PROCESSING,
    /** Event time: {@link StatefulLogic#notifyAtEventTime()}; fires once the step's watermark passed it. */
    EVENT
}
