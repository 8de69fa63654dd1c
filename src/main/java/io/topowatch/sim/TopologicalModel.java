package io.topowatch.sim;

/**
 * A band model with an exact topological invariant: its band gap and its integer invariant (winding number
 * for a 1D chiral chain, Chern number for a 2D insulator) at one parameter point.
 */
public interface TopologicalModel {

    /** The direct band gap on the model's default k-grid, in units of its hopping. */
    double gap();

    /** The invariant on the model's default k-grid; exact (an integer) whenever {@link #gap()} is open. */
    int invariant();
}
