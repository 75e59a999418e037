package dev.flowstate;

/** A value a window operator emitted for the window {@code windowId} of its key (see {@link WindowMeta}). */
public record Windowed<R>(long windowId, R value) {
}
