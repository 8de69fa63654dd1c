package io.topowatch.sim;

import java.util.List;

/**
 * A material of the real topological-label data: reduced formula, its absorbing elements and space group,
 * and its class (trivial, or topological: TI, TCI or enforced semimetal).
 */
public record Material(String formula, List<String> elements, int spaceGroup, boolean topological, String labelSet) {}
