package dev.conclab.runtime.internal.cells;

/**
 * The notebook cell that code belongs to: output written on its behalf is shown under it.
 *
 * @param id the msg_id of the execute request that ran the cell; the kernel uses it as the parent
 *     header of every output message, so JupyterLab renders the output in that cell
 * @param executionCount the cell's {@code In [n]} number, for messages a person reads
 */
public record Cell(String id, int executionCount) {}
