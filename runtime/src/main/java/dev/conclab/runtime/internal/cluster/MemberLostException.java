package dev.conclab.runtime.internal.cluster;

/** The member running a task left the cluster (killed, stopped, cut off) before it answered. */
public final class MemberLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String member;

    public MemberLostException(String member, Throwable cause) {
        super("member " + member + " left the cluster before its task finished (" + cause + ")", cause);
        this.member = member;
    }

    public String member() {
        return member;
    }
}
