package dev.flowstate.bench.nexmark;

import java.util.Map;

/** NEXMARK.md §3.9's reference outcomes (outputs / checksum), copied from the document. */
final class NexmarkExpected {
    private static final Map<Long, Map<Query, Outcome>> BY_EVENTS = Map.of(
            50_000L, Map.of(
                    Query.Q0, new Outcome(50_000, 1221290640314584300L),
                    Query.Q1, new Outcome(46_000, 807344023353058837L),
                    Query.Q2, new Outcome(169, 1869998723918213339L),
                    Query.Q3, new Outcome(342, 1958365562399244841L),
                    Query.Q4, new Outcome(2_793, 1915274432014388230L),
                    Query.Q5, new Outcome(7, 2260339156623736190L),
                    Query.Q7, new Outcome(1, 542695257983431381L),
                    Query.Q8, new Outcome(446, 962466952641867881L)),
            200_000L, Map.of(
                    Query.Q0, new Outcome(200_000, 1703425870968568309L),
                    Query.Q1, new Outcome(184_000, 907231718231564184L),
                    Query.Q2, new Outcome(1_510, 2272660491157467836L),
                    Query.Q3, new Outcome(1_305, 1826010240671165110L),
                    Query.Q4, new Outcome(11_166, 1084654288645979781L),
                    Query.Q5, new Outcome(14, 612786265351744499L),
                    Query.Q7, new Outcome(2, 1955359951150051415L),
                    Query.Q8, new Outcome(1_729, 224702669165071556L)),
            1_000_000L, Map.of(
                    Query.Q0, new Outcome(1_000_000, 2181205042988636981L),
                    Query.Q1, new Outcome(920_000, 1555667795655097990L),
                    Query.Q2, new Outcome(6_878, 1934304359461793625L),
                    Query.Q3, new Outcome(6_468, 1174985731368862194L),
                    Query.Q4, new Outcome(55_771, 2147389631006218439L),
                    Query.Q5, new Outcome(57, 70156529945500161L),
                    Query.Q7, new Outcome(10, 387552085369842261L),
                    Query.Q8, new Outcome(8_532, 1284631789896048138L)));

    private NexmarkExpected() {
    }

    static Outcome of(Query query, long events) {
        return BY_EVENTS.get(events).get(query);
    }
}
