package dev.handshakelab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * BRIEF rule: the protocol core is plain Java — no Spring, no I/O, no wall clock, no unseeded
 * randomness — so the same inputs and seed always give the same outputs.
 */
@AnalyzeClasses(packages = "dev.handshakelab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnlyOnJavaAndItself = classes()
            .that().resideInAPackage("dev.handshakelab.core..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.handshakelab.core..", "java..")
            .because("the core is plain Java and must not reach into the application around it");

    @ArchTest
    static final ArchRule coreDoesNoIo = noClasses()
            .that().resideInAPackage("dev.handshakelab.core..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..")
            .because("the core does no I/O: datagrams come in as values and events go out through a sink");

    @ArchTest
    static final ArchRule coreReadsNoWallClockAndNoUnseededRandomness = noClasses()
            .that().resideInAPackage("dev.handshakelab.core..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
            .orShould().callConstructor(java.util.Random.class) // only new Random(seed) is allowed
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Math.class, "random")
            .because("time is virtual and every secret derives from the session seed");
}
