package io.topowatch.stream;

import java.util.List;

/**
 * What the assembly remembers of a setpoint it has already sent on to scoring: enough to tell a
 * redelivered scan (a duplicate, dropped) from a late one (a dead letter).
 *
 * @param scanIds     the scans the emitted assembly held
 * @param partial     whether it was sent on by the timeout, incomplete
 * @param emittedAtMs wall-clock time it was sent on (retention runs from here)
 */
public record EmittedSetpoint(List<String> scanIds, boolean partial, long emittedAtMs) {}
