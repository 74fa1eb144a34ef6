package dev.handshakelab;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code handshake-lab.data-dir} an absolute path before anything reads it. The H2 URL is
 * built from it ({@code application.properties}), and H2 refuses a path that is implicitly
 * relative to the working directory ({@code data} rather than {@code ./data}), so
 * {@code --handshake-lab.data-dir=labdata} failed the start with a database error. Runs after
 * the configuration files have been read, so it sees the value from wherever it was given.
 */
class DataDirectory implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "handshake-lab.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String given = environment.getProperty(PROPERTY);
        if (given == null || given.isBlank()) {
            return;
        }
        String absolute = Path.of(given).toAbsolutePath().normalize().toString();
        if (!absolute.equals(given)) {
            environment.getPropertySources().addFirst(new MapPropertySource("absoluteDataDirectory", Map.of(PROPERTY, absolute)));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
