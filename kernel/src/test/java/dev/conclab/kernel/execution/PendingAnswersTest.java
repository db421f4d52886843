package dev.conclab.kernel.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.channel.FromExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PendingAnswersTest {
    private static final FromExecutor.Outcome OK = new FromExecutor.Succeeded(null, null);

    @Test
    void anAnswerCompletesOnlyTheRequestWithItsIdWhateverTheOrder() throws Exception {
        PendingAnswers pending = new PendingAnswers();
        CompletableFuture<FromExecutor.Answer> cell = pending.register("cell-1");
        CompletableFuture<FromExecutor.Answer> completion = pending.register("ask-1");

        FromExecutor.Completions completions = new FromExecutor.Completions("ask-1", List.of("String"), List.of("class"),
                List.of(""), 0, 5);
        assertTrue(pending.complete(completions));
        assertSame(completions, completion.get());
        assertFalse(cell.isDone(), "the cell's answer is still to come");

        FromExecutor.ExecuteDone done = new FromExecutor.ExecuteDone("cell-1", OK);
        assertTrue(pending.complete(done));
        assertSame(done, cell.get());
        assertEquals(0, pending.size());
    }

    @Test
    void anAnswerNobodyWaitsForIsDroppedAndCompletesNothing() {
        PendingAnswers pending = new PendingAnswers();
        CompletableFuture<FromExecutor.Answer> cell = pending.register("cell-1");
        assertFalse(pending.complete(new FromExecutor.Documentation("ask-gone", false, "")));
        assertFalse(cell.isDone());
    }

    @Test
    void aSecondRequestUnderAWaitingIdIsRefused() {
        PendingAnswers pending = new PendingAnswers();
        pending.register("same");
        assertThrows(IllegalStateException.class, () -> pending.register("same"));
    }

    @Test
    void theEndOfTheExecutorFailsEveryWaitingRequestAndEveryLaterOne() {
        PendingAnswers pending = new PendingAnswers();
        CompletableFuture<FromExecutor.Answer> cell = pending.register("cell-1");
        CompletableFuture<FromExecutor.Answer> completion = pending.register("ask-1");
        IllegalStateException death = new IllegalStateException("executor ended");
        pending.failAll(death);
        for (CompletableFuture<FromExecutor.Answer> future : List.of(cell, completion)) {
            ExecutionException failed = assertThrows(ExecutionException.class, future::get);
            assertSame(death, failed.getCause());
        }
        assertTrue(pending.register("later").isCompletedExceptionally(), "nothing can answer a request sent after the end");
        assertEquals(0, pending.size());
    }

    @Test
    void aForgottenRequestNoLongerWaits() {
        PendingAnswers pending = new PendingAnswers();
        CompletableFuture<FromExecutor.Answer> completion = pending.register("ask-1");
        pending.forget("ask-1", completion);
        assertFalse(pending.complete(new FromExecutor.Completeness("ask-1", "complete", "")));
        assertFalse(completion.isDone());
        pending.register("ask-1");
    }
}
