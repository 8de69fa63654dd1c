package io.topowatch.spectrum;

/**
 * The seed paper's symmetry descriptor: three one-hot vectors for crystal system (7), crystallographic
 * point group (32) and space group (230), concatenated into 269 values.
 *
 * <p>Space groups are numbered as in the International Tables for Crystallography, Vol. A, where each
 * point group (and each crystal system) owns a contiguous run of space-group numbers; the tables below
 * hold the last space-group number of each run.
 */
public final class SymmetryEncoding {

    public static final int CRYSTAL_SYSTEMS = 7;
    public static final int POINT_GROUPS = 32;
    public static final int SPACE_GROUPS = 230;
    public static final int LENGTH = CRYSTAL_SYSTEMS + POINT_GROUPS + SPACE_GROUPS;

    private static final String[] CRYSTAL_SYSTEM_NAMES = {
        "triclinic", "monoclinic", "orthorhombic", "tetragonal", "trigonal", "hexagonal", "cubic"};
    private static final int[] CRYSTAL_SYSTEM_LAST = {2, 15, 74, 142, 167, 194, 230};

    private static final String[] POINT_GROUP_NAMES = {
        "1", "-1", "2", "m", "2/m", "222", "mm2", "mmm", "4", "-4", "4/m", "422", "4mm", "-42m", "4/mmm",
        "3", "-3", "32", "3m", "-3m", "6", "-6", "6/m", "622", "6mm", "-6m2", "6/mmm", "23", "m-3", "432",
        "-43m", "m-3m"};
    private static final int[] POINT_GROUP_LAST = {
        1, 2, 5, 9, 15, 24, 46, 74, 80, 82, 88, 98, 110, 122, 142,
        146, 148, 155, 161, 167, 173, 174, 176, 182, 186, 190, 194, 199, 206, 214, 220, 230};

    private SymmetryEncoding() {}

    public static void requireValid(int spaceGroup) {
        if (spaceGroup < 1 || spaceGroup > SPACE_GROUPS) {
            throw new IllegalArgumentException("space group must be 1..230, got " + spaceGroup);
        }
    }

    /** 0-based crystal system index (0 = triclinic … 6 = cubic). */
    public static int crystalSystem(int spaceGroup) {
        return runIndex(spaceGroup, CRYSTAL_SYSTEM_LAST);
    }

    public static String crystalSystemName(int spaceGroup) {
        return CRYSTAL_SYSTEM_NAMES[crystalSystem(spaceGroup)];
    }

    /** 0-based point group index in International Tables order (0 = 1 … 31 = m-3m). */
    public static int pointGroup(int spaceGroup) {
        return runIndex(spaceGroup, POINT_GROUP_LAST);
    }

    public static String pointGroupName(int spaceGroup) {
        return POINT_GROUP_NAMES[pointGroup(spaceGroup)];
    }

    /** The 269-long concatenated one-hot vector. */
    public static float[] oneHot(int spaceGroup) {
        float[] v = new float[LENGTH];
        v[crystalSystem(spaceGroup)] = 1f;
        v[CRYSTAL_SYSTEMS + pointGroup(spaceGroup)] = 1f;
        v[CRYSTAL_SYSTEMS + POINT_GROUPS + spaceGroup - 1] = 1f;
        return v;
    }

    private static int runIndex(int spaceGroup, int[] lastOfRun) {
        requireValid(spaceGroup);
        for (int i = 0; i < lastOfRun.length; i++) {
            if (spaceGroup <= lastOfRun[i]) {
                return i;
            }
        }
        throw new AssertionError("unreachable: space group " + spaceGroup);
    }
}
