package dev.handshakelab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Handshake Lab: simulated TCP endpoints for learning the three-way handshake by doing it. */
@SpringBootApplication
@org.springframework.scheduling.annotation.EnableScheduling
public class HandshakeLabApplication {

    public static void main(String[] args) {
        SpringApplication.run(HandshakeLabApplication.class, args);
    }
}
