package io.topowatch.sim;

import java.util.Map;

/**
 * A sample on the beamline: a material, how its bands respond to field and strain, and for each absorbing
 * element its chemical shift (eV) and coupling to the topological bands (0..1).
 */
public record SimulatedSample(
        String name, Material material, SampleState state, Map<String, Double> chemicalShiftEv,
        Map<String, Double> coupling) {}
