package dev.flowstate.bench.nexmark;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Person;

import java.util.Arrays;

/**
 * q3's incremental join, per person id: emits a row for each (person, auction) match as soon as both are there,
 * in either arrival order. The person is kept (an auction naming it can come at any time); auctions that arrive
 * before their seller wait in a growing array and leave it when the person comes, so each match is emitted once.
 */
final class Q3Join implements StatefulLogic<Event, Rows.Q3, Q3Join.State> {

    /** The saved state: the person if seen, and the ids of auctions still waiting for it. */
    record State(Person person, long[] waiting) {
    }

    private Person person;
    private long[] waiting;
    private int waitingCount;

    Q3Join(State saved) {
        if (saved != null) {
            person = saved.person();
            waiting = saved.waiting();
            waitingCount = waiting == null ? 0 : waiting.length;
        }
    }

    @Override
    public StateAction onItem(Event value, Emitter<? super Rows.Q3> out) {
        if (value instanceof Person p) {
            person = p;
            for (int i = 0; i < waitingCount; i++) {
                out.emit(row(waiting[i]));
            }
            waiting = null;
            waitingCount = 0;
        } else {
            long auction = ((Auction) value).id();
            if (person != null) {
                out.emit(row(auction));
            } else {
                if (waiting == null || waitingCount == waiting.length) {
                    waiting = waiting == null ? new long[4] : Arrays.copyOf(waiting, waitingCount * 2);
                }
                waiting[waitingCount++] = auction;
            }
        }
        return StateAction.KEEP;
    }

    /** Auctions whose seller never came produce nothing, like persons who never sold. */
    @Override
    public StateAction onEof(Emitter<? super Rows.Q3> out) {
        return StateAction.DISCARD;
    }

    @Override
    public State snapshot() {
        return new State(person, waiting == null ? null : Arrays.copyOf(waiting, waitingCount));
    }

    private Rows.Q3 row(long auction) {
        return new Rows.Q3(person.name(), person.city(), person.state(), auction);
    }
}
