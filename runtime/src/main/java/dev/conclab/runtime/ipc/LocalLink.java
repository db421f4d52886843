package dev.conclab.runtime.ipc;

import java.util.concurrent.CompletableFuture;

/**
 * The calls of the JVM that serves a shared object: applied by the calling thread itself, under
 * the object's lock, with no socket and no other thread in between. A request put aside (a take
 * from an empty queue) is answered by whichever thread makes it answerable.
 */
final class LocalLink extends Link implements HostedObject.Peer {
    private final HostedObject server;

    LocalLink(HostedObject server) {
        this.server = server;
    }

    @Override
    void send(Wire.Request request) {
        server.apply(new HostedObject.Requester(this, request.id()), request.operation(), request.argument());
    }

    @Override
    public void reply(Wire.Reply reply) {
        received(reply);
    }

    /** Yields briefly before sleeping: the answer usually comes from another process within microseconds. */
    @Override
    void await(CompletableFuture<byte[]> answer) throws InterruptedException {
        if (!Spin.until(answer::isDone, Spin.REPLY_NANOS)) {
            super.await(answer);
        }
    }

    @Override
    boolean isClosed() {
        return false;
    }
}
