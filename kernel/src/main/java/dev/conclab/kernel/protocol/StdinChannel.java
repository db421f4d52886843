package dev.conclab.kernel.protocol;

/**
 * The stdin socket: asks the client that ran a cell for a line of input. Clients give their
 * shell and stdin sockets the same identity, so the request's identities route the question.
 */
public final class StdinChannel {
    private final Session session;
    private SocketLoop loop;

    public StdinChannel(Session session) {
        this.session = session;
    }

    public void attach(SocketLoop loop) {
        this.loop = loop;
    }

    public void ask(Message request, String prompt) {
        loop.send(session.create("input_request", request.header(), new Replies.InputRequest(prompt, false),
                request.identities()).frames());
    }
}
