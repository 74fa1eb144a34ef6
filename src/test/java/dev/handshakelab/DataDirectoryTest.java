package dev.handshakelab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DataDirectoryTest {

    private static StandardEnvironment environmentWith(String dataDir) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", Map.of(DataDirectory.PROPERTY, dataDir)));
        env.getPropertySources().addLast(new MapPropertySource("application.properties", Map.of(DataDirectory.PROPERTY, "./data",
                "spring.datasource.url", "jdbc:h2:file:${handshake-lab.data-dir}/handshake-lab")));
        return env;
    }

    @Test
    void aRelativeDataDirectory_becomesAbsolute_soTheH2UrlBuiltFromItIsAccepted() {
        StandardEnvironment env = environmentWith("labdata");
        new DataDirectory().postProcessEnvironment(env, new SpringApplication());
        Path expected = Path.of("labdata").toAbsolutePath().normalize();
        assertThat(env.getProperty(DataDirectory.PROPERTY)).isEqualTo(expected.toString());
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:h2:file:" + expected + "/handshake-lab");
    }

    @Test
    void anAbsoluteDataDirectory_isLeftAsGiven() {
        StandardEnvironment env = environmentWith("/srv/handshake-lab");
        new DataDirectory().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getPropertySources().contains("absoluteDataDirectory")).isFalse();
        assertThat(env.getProperty(DataDirectory.PROPERTY)).isEqualTo("/srv/handshake-lab");
    }
}
