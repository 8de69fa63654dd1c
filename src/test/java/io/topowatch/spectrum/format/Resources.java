package io.topowatch.spectrum.format;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test files under src/test/resources/xdi/. */
final class Resources {

    private Resources() {}

    static Path path(String name) {
        URL url = Resources.class.getResource("/xdi/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource xdi/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
