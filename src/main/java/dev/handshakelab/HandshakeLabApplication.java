package dev.handshakelab;

import java.io.File;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.util.ClassUtils;

/** Handshake Lab: simulated TCP endpoints for learning the three-way handshake by doing it. */
@SpringBootApplication
@org.springframework.scheduling.annotation.EnableScheduling
public class HandshakeLabApplication {

    public static void main(String[] args) {
        useAheadOfTimeDefinitionsInAJar();
        SpringApplication.run(HandshakeLabApplication.class, args);
    }

    /**
     * Starts from the bean definitions Spring AOT worked out when the jar was built (the
     * {@code process-aot} execution in the pom) instead of working them out again: a shorter
     * start (README, "Memory and start-up"). Only for {@code java -jar}, where the jar's
     * generated classes were built with the code beside them; {@code spring-boot:run} and the
     * tests run from {@code target/classes}, where generated classes from an earlier package
     * may be older than the code. {@code -Dspring.aot.enabled=false} turns it off; the bean
     * conditions (which auto-configurations apply) are then fixed as the build found them, and
     * the app's own beans have none that depend on a profile or a property.
     */
    static void useAheadOfTimeDefinitionsInAJar() {
        String classPath = System.getProperty("java.class.path", "");
        boolean launchedAsJar = classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator);
        boolean built = ClassUtils.isPresent(HandshakeLabApplication.class.getName() + "__ApplicationContextInitializer",
                HandshakeLabApplication.class.getClassLoader());
        if (launchedAsJar && built && System.getProperty(AotDetector.AOT_ENABLED) == null) {
            System.setProperty(AotDetector.AOT_ENABLED, "true");
        }
    }
}
