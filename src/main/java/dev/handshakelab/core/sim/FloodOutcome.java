package dev.handshakelab.core.sim;

import dev.handshakelab.core.flood.FloodSeries;

/** What a SYN flood step caused: the events kept for the history, and the time series. */
public record FloodOutcome(Reaction reaction, FloodSeries series) {}
