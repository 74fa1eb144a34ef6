package dev.handshakelab.limits;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link Limits} from {@code handshake-lab.limits.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(Limits.class)
class LimitsConfig {
}
