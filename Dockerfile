# Builds the app (Java 17 + the TypeScript front end) and runs it on the postgres profile.
# Build stage: Debian bookworm with Node.js 20 and OpenJDK 17, the same pair the project is built with.
FROM node:20-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jdk-headless && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# -DskipApp: the runtime stage extracts the jar and writes the class data sharing archive itself, with
# the JDK that will run it (an archive only serves the JVM build that wrote it).
RUN ./mvnw -B -ntp -DskipTests -DskipApp package && cp target/handshake-lab-*.jar /app.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 handshake
COPY --from=build /app.jar /tmp/handshake-lab.jar
# A fast start (README, "Memory and start-up"), as `mvn package` lays out target/app: the jar
# extracted to plain jars (class loading from the nested jars was a third of the start-up CPU),
# and a class data sharing archive written by a training run that starts the app on a throwaway
# H2 file and exits once it has refreshed. Launched as a jar, the app starts from the bean
# definitions Spring AOT worked out at build time (HandshakeLabApplication).
RUN java -Djarmode=tools -jar /tmp/handshake-lab.jar extract --destination /app && rm /tmp/handshake-lab.jar \
 && java -XX:+UseSerialGC -Xms64m -Xmx512m -XX:ArchiveClassesAtExit=/app/handshake-lab.jsa -Xlog:cds=off -Dspring.context.exit=onRefresh \
      -jar /app/handshake-lab.jar --handshake-lab.data-dir=/tmp/training --logging.level.root=warn && rm -rf /tmp/training \
 && mkdir -p /app/data && chown handshake /app/data
# ./data (here /app/data) holds what the app keeps on disk besides the database: the first admin's
# password file, readable only by the app's user.
WORKDIR /app
USER handshake
EXPOSE 8080
ENV SPRING_PROFILES_ACTIVE=postgres
# The serial collector and a heap of at most 512 MB suit a 2-core machine with a few GB: no
# concurrent GC threads competing for the two cores, and memory that stays within a budget. The
# heap starts at 64 MB and grows only as far as the load asks: the JVM's default start (1/64 of
# the machine's memory, 376 MB on a 24 GB host) was most of the idle RSS. For a larger class see
# the README ("Memory and start-up").
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms64m", "-Xmx512m", "-XX:SharedArchiveFile=/app/handshake-lab.jsa", "-jar", "/app/handshake-lab.jar"]
