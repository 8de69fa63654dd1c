package io.topowatch.spectrum;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Absorbing elements: symbol, atomic number Z and K-edge energy.
 *
 * <p>K-edge energies are the X-ray Data Booklet values (J. A. Bearden and A. F. Burr,
 * Rev. Mod. Phys. 39, 125 (1967), as tabulated in the LBNL X-ray Data Booklet, table 1-1), in eV.
 */
public final class Elements {

    /** One element of the periodic table with its K-edge energy in eV. */
    public record Element(String symbol, int z, double kEdgeEv) {}

    private static final Object[][] TABLE = {
        {"Li", 3, 54.7}, {"Be", 4, 111.5}, {"B", 5, 188.0}, {"C", 6, 284.2}, {"N", 7, 409.9},
        {"O", 8, 543.1}, {"F", 9, 696.7}, {"Ne", 10, 870.2}, {"Na", 11, 1070.8}, {"Mg", 12, 1303.0},
        {"Al", 13, 1559.6}, {"Si", 14, 1838.9}, {"P", 15, 2145.5}, {"S", 16, 2472.0}, {"Cl", 17, 2822.4},
        {"Ar", 18, 3205.9}, {"K", 19, 3608.4}, {"Ca", 20, 4038.5}, {"Sc", 21, 4492.8}, {"Ti", 22, 4966.4},
        {"V", 23, 5465.1}, {"Cr", 24, 5989.2}, {"Mn", 25, 6539.0}, {"Fe", 26, 7112.0}, {"Co", 27, 7708.9},
        {"Ni", 28, 8332.8}, {"Cu", 29, 8978.9}, {"Zn", 30, 9658.6}, {"Ga", 31, 10367.1}, {"Ge", 32, 11103.1},
        {"As", 33, 11866.7}, {"Se", 34, 12657.8}, {"Br", 35, 13473.7}, {"Kr", 36, 14325.6}, {"Rb", 37, 15199.7},
        {"Sr", 38, 16104.6}, {"Y", 39, 17038.4}, {"Zr", 40, 17997.6}, {"Nb", 41, 18985.6}, {"Mo", 42, 19999.5},
        {"Tc", 43, 21044.0}, {"Ru", 44, 22117.2}, {"Rh", 45, 23219.9}, {"Pd", 46, 24350.3}, {"Ag", 47, 25514.0},
        {"Cd", 48, 26711.2}, {"In", 49, 27939.9}, {"Sn", 50, 29200.1}, {"Sb", 51, 30491.2}, {"Te", 52, 31813.8},
        {"I", 53, 33169.4}, {"Xe", 54, 34561.4}, {"Cs", 55, 35984.6}, {"Ba", 56, 37440.6}, {"La", 57, 38924.6},
        {"Ce", 58, 40443.0}, {"Pr", 59, 41990.6}, {"Nd", 60, 43568.9}, {"Pm", 61, 45184.0}, {"Sm", 62, 46834.2},
        {"Eu", 63, 48519.0}, {"Gd", 64, 50239.1}, {"Tb", 65, 51995.7}, {"Dy", 66, 53788.5}, {"Ho", 67, 55617.7},
        {"Er", 68, 57485.5}, {"Tm", 69, 59389.6}, {"Yb", 70, 61332.3}, {"Lu", 71, 63313.8}, {"Hf", 72, 65350.8},
        {"Ta", 73, 67416.4}, {"W", 74, 69525.0}, {"Re", 75, 71676.4}, {"Os", 76, 73870.8}, {"Ir", 77, 76111.0},
        {"Pt", 78, 78394.8}, {"Au", 79, 80724.9}, {"Hg", 80, 83102.3}, {"Tl", 81, 85530.4}, {"Pb", 82, 88004.5},
        {"Bi", 83, 90525.9}, {"Po", 84, 93105.0}, {"At", 85, 95730.0}, {"Rn", 86, 98404.0}, {"Fr", 87, 101137.0},
        {"Ra", 88, 103922.0}, {"Ac", 89, 106755.0}, {"Th", 90, 109651.0}, {"Pa", 91, 112601.0}, {"U", 92, 115606.0},
    };

    private static final List<Element> ALL = java.util.Arrays.stream(TABLE)
            .map(r -> new Element((String) r[0], (Integer) r[1], (Double) r[2]))
            .toList();

    private static final Map<String, Element> BY_SYMBOL =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Element::symbol, Function.identity()));

    /**
     * All 118 element symbols in order of Z (IUPAC names, 2016: Nh, Mc, Ts, Og included); {@link #all()} only
     * tabulates the elements with a K edge in the table above.
     */
    private static final List<String> SYMBOLS = List.of(
            "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
            "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
            "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
            "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
            "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
            "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
            "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og");

    private static final Map<String, String> SYMBOL_BY_LOWER_CASE = SYMBOLS.stream()
            .collect(Collectors.toUnmodifiableMap(s -> s.toLowerCase(java.util.Locale.ROOT), Function.identity()));

    private Elements() {}

    /** Whether this is the symbol of one of the 118 elements, written as chemists write it ("Fe", not "FE"). */
    public static boolean isElementSymbol(String symbol) {
        return symbol != null && SYMBOLS.contains(symbol);
    }

    /** The symbol of one of the 118 elements written in any case ("FE", "fe"), in its usual spelling ("Fe"). */
    public static Optional<String> elementSymbol(String anyCase) {
        return Optional.ofNullable(anyCase == null ? null
                : SYMBOL_BY_LOWER_CASE.get(anyCase.strip().toLowerCase(java.util.Locale.ROOT)));
    }

    /** Every tabulated element, in order of Z. */
    public static List<Element> all() {
        return ALL;
    }

    /** The element with this symbol (case-sensitive, as chemists write it: "Bi", "Se"). */
    public static Optional<Element> bySymbol(String symbol) {
        return Optional.ofNullable(symbol == null ? null : BY_SYMBOL.get(symbol));
    }
}
