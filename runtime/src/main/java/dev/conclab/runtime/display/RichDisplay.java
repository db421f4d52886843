package dev.conclab.runtime.display;

/** Implemented by objects that know how to show themselves in a notebook. */
public interface RichDisplay {

    /** The representations of this object, richest first. */
    MimeBundle toMimeBundle();
}
