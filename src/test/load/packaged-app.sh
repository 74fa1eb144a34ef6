# Sourced by the load scripts: sets `jar` and `opts` to run the app as the README does
# ("Memory and start-up"): target/app/handshake-lab.jar, which `mvn package` extracted, with the
# class data sharing archive beside it, and the README's JVM options. JAR picks another jar, run
# as given (e.g. the fat jar target/handshake-lab-*.jar); JAVA_OPTS other JVM options.
# The README's defaults: keep this line and the README's in step.
opts=${JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx512m}
if [ -n "${JAR:-}" ]; then
  jar=$JAR
else
  jar=target/app/handshake-lab.jar
  opts="$opts -XX:SharedArchiveFile=target/app/handshake-lab.jsa"
fi
