package org.arvados.maven.prune;

import org.arvados.maven.ledger.ImageRecord;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A cloud's deleter made at the first deletion: the plan is made of the ledger alone, so a plan (and a run that
 * deletes nothing) resolves and loads no cloud SDK.
 */
public final class DeferredDeleter implements ImageDeleter {
    private final Function<ImageRecord, List<String>> planned;
    private final Function<ImageRecord, List<String>> missingFields;
    private final Supplier<ImageDeleter> deleter;
    private ImageDeleter made;

    /**
     * @param planned       {@link #planned}, without the cloud
     * @param missingFields {@link #missingFields}, without the cloud
     * @param deleter       makes the deleter that calls the cloud, at the first {@link #delete}
     */
    public DeferredDeleter(Function<ImageRecord, List<String>> planned,
                           Function<ImageRecord, List<String>> missingFields, Supplier<ImageDeleter> deleter) {
        this.planned = planned;
        this.missingFields = missingFields;
        this.deleter = deleter;
    }

    @Override
    public List<String> planned(ImageRecord image) {
        return planned.apply(image);
    }

    @Override
    public List<String> missingFields(ImageRecord image) {
        return missingFields.apply(image);
    }

    @Override
    public List<Left> delete(ImageRecord image, Progress progress) throws IOException {
        if (made == null) {
            made = deleter.get();
        }
        return made.delete(image, progress);
    }

    @Override
    public void close() {
        if (made != null) {
            made.close();
        }
    }
}
