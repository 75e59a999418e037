package dev.flowstate.internal.cluster;

import dev.flowstate.internal.runtime.Message;
import dev.flowstate.internal.serde.ClassNotAllowedException;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.internal.serde.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Decodes the frames an authenticated peer sends and hands each to its receiver: data to the inbound channel,
 * credits to the outbound channel, frontiers, start, errors and goodbyes to the {@link FailureRelay}. A frame it
 * cannot accept (an unknown type, a payload naming a class that is not allowed) drops the connection.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ClusterTransport transport;
    private final FailureRelay relay;

    Dispatcher(ClusterTransport transport, FailureRelay relay) {
        this.transport = transport;
        this.relay = relay;
    }

    void dispatch(Peer peer, byte[] f) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(f, 1, f.length - 1));
        switch (f[0]) {
            case Frames.DATA -> {
                int x = in.readInt();
                int src = in.readInt();
                int dst = in.readInt();
                long epoch = in.readLong();
                byte kind = in.readByte();
                int len = in.readInt();
                Message m;
                if (kind == Frames.BATCH) {
                    if (len < 0 || len > in.available()) {
                        throw new Peer.RefusedFrameException("a DATA frame from " + peer.describe()
                                + " announces " + len + " payload bytes but carries " + in.available(), null);
                    }
                    byte[] payload = new byte[len];
                    in.readFully(payload);
                    Object[] items = items(peer, payload);
                    m = new Message.Batch(epoch, items, items.length);
                } else {
                    m = new Message.Barrier(epoch, kind == Frames.BARRIER_EOF);
                }
                transport.inChannel(x, src, dst, peer).arrive(m);
            }
            case Frames.CREDIT -> {
                RemoteOutChannel c = transport.outChannel(in.readInt(), in.readInt(), in.readInt());
                int n = in.readInt();
                if (c != null) {
                    c.credit(n);
                }
            }
            case Frames.PROGRESS -> relay.frontier(in.readInt(), in.readLong(), in.readBoolean());
            case Frames.START -> relay.started(in.readLong(), in.readLong());
            case Frames.ERROR -> {
                String message = in.readUTF();
                peer.byeReceived = true; // it stops; its closing is not a second failure
                peer.finishOutput(null);
                relay.failed(peer.describe() + " failed: " + message);
            }
            case Frames.BYE -> {
                peer.byeReceived = true;
                peer.finishOutput(null);
                LOG.debug("{} finished", peer.describe());
            }
            case Frames.HEARTBEAT -> {
                // the peer is alive; the read itself reset the silence timer
            }
            default -> throw new Peer.RefusedFrameException("unknown frame type " + f[0] + " from " + peer.describe(),
                    null);
        }
    }

    private static Object[] items(Peer peer, byte[] payload) throws IOException {
        Object decoded;
        try {
            decoded = KryoSerde.INSTANCE.fromBytes(payload);
        } catch (SerializationException e) {
            ClassNotAllowedException denied = ClassNotAllowedException.in(e);
            throw new Peer.RefusedFrameException((denied != null
                    ? "refused a DATA frame from " + peer.describe() + ": " + denied.getMessage()
                    : "cannot read a DATA frame from " + peer.describe() + ": " + e.getMessage())
                    + "; connection dropped", e);
        }
        if (!(decoded instanceof Object[] items)) {
            throw new Peer.RefusedFrameException("a DATA frame from " + peer.describe() + " holds "
                    + (decoded == null ? "null" : decoded.getClass().getName()) + " instead of a batch of items", null);
        }
        return items;
    }
}
