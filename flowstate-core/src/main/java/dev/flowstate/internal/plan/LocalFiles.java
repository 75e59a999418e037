package dev.flowstate.internal.plan;

import dev.flowstate.DataflowDefinitionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * A connector that reads or writes local files: a file, or a directory all of whose files it reads. The dataflow
 * uses it to refuse, when the dataflow is defined, an output that writes a file one of its own inputs reads (the
 * sink would truncate the input it is reading).
 */
public interface LocalFiles {
    /** The file read or written, or the directory whose files are read. */
    Path localPath();

    /**
     * Throws if {@code added} (an input or output step) and one of {@code steps} of the other direction touch the
     * same file, comparing real paths (symbolic links, {@code ..} and relative paths resolved).
     */
    static void checkNoSinkReadsItself(StepSpec added, Collection<StepSpec> steps) {
        if (!(connector(added) instanceof LocalFiles)) {
            return;
        }
        for (StepSpec other : steps) {
            Object theirs = connector(other);
            if (theirs instanceof LocalFiles otherFiles && (added instanceof StepSpec.Output) != (other instanceof StepSpec.Output)) {
                StepSpec out = added instanceof StepSpec.Output ? added : other;
                StepSpec in = out == added ? other : added;
                Path written = real(((LocalFiles) connector(out)).localPath());
                Path read = real(((LocalFiles) connector(in)).localPath());
                if (written.startsWith(read)) {
                    throw new DataflowDefinitionException("output '" + out.id() + "' writes " + written + ", which input '"
                            + in.id() + "' reads; writing it would destroy the input: write the output to another path");
                }
            }
        }
    }

    private static Object connector(StepSpec step) {
        if (step instanceof StepSpec.Input in) {
            return in.source();
        }
        return step instanceof StepSpec.Output out ? out.sink() : null;
    }

    /** The real path of {@code p}, or of its nearest existing parent with the rest appended (a file not yet there). */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }
}
