package io.recorder.projections;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The version this process last saved per projection item (a series or a monthly spending cell), bounded: the
 * least recently used is forgotten. A load that returns less is stored state gone back in time (issue 12).
 */
final class SavedVersions<K> {
    /** Items remembered per execution environment. */
    static final int REMEMBERED = 10_000;

    private final Map<K, Long> saved = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<K, Long> eldest) {
            return size() > REMEMBERED;
        }
    });

    Optional<Long> get(K key) {
        return Optional.ofNullable(saved.get(key));
    }

    void saved(K key, long version) {
        saved.put(key, version);
    }

    void forget(K key) {
        saved.remove(key);
    }
}
