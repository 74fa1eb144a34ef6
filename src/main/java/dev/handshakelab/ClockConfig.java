package dev.handshakelab;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one wall clock of the app (outside the protocol core, which has its own virtual clock): a
 * bean, so that a test sets the time exactly instead of waiting for it (the dashboard's stuck
 * rules count minutes).
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
